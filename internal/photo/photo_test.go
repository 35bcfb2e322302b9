package photo_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/trygg-se/trygg/internal/photo"
)

// exifSegment is an APP1 Exif segment whose first IFD holds an orientation
// and a pointer to a GPS IFD with a latitude reference, as a phone writes.
func exifSegment(orientation uint16) []byte {
	var t bytes.Buffer
	le := binary.LittleEndian
	t.WriteString("II")
	binary.Write(&t, le, uint16(42))
	binary.Write(&t, le, uint32(8)) // IFD0 at 8
	binary.Write(&t, le, uint16(2)) // two entries
	// Orientation, SHORT, 1, value.
	binary.Write(&t, le, []uint16{0x0112, 3})
	binary.Write(&t, le, uint32(1))
	binary.Write(&t, le, []uint16{orientation, 0})
	// GPSInfo IFD pointer, LONG, 1, offset 38.
	binary.Write(&t, le, []uint16{0x8825, 4})
	binary.Write(&t, le, []uint32{1, 38})
	binary.Write(&t, le, uint32(0)) // no next IFD
	// GPS IFD: GPSLatitudeRef "N".
	binary.Write(&t, le, uint16(1))
	binary.Write(&t, le, []uint16{0x0001, 2})
	binary.Write(&t, le, uint32(2))
	t.WriteString("N\x00\x00\x00")
	binary.Write(&t, le, uint32(0))
	t.WriteString("GPS 59.0036 N 16.2070 E")
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// jpegWithExif encodes a w×h JPEG whose left quarter is red and splices an
// Exif segment in after the SOI marker.
func jpegWithExif(t *testing.T, w, h int, orientation uint16) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 255, 255, 255}
			if x < w/4 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), exifSegment(orientation)...), b[2:]...)
}

func TestStripJPEG(t *testing.T) {
	in := jpegWithExif(t, 32, 16, 1)
	if !bytes.Contains(in, []byte("Exif")) || !bytes.Contains(in, []byte("GPS")) {
		t.Fatal("the test photo has no Exif")
	}
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the test photo is not a JPEG: %v", err)
	}
	out, typ, err := photo.Strip(in)
	if err != nil || typ != photo.JPEG {
		t.Fatalf("Strip = %q, %v", typ, err)
	}
	if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("GPS")) {
		t.Error("Exif survived")
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != 32 || cfg.Height != 16 {
		t.Errorf("stripped photo = %+v, %v", cfg, err)
	}
	if again, _, _ := photo.Strip(out); photo.Orientation(again) != 1 {
		t.Error("a stripped photo still carries an orientation")
	}
}

func TestStripAppliesOrientation(t *testing.T) {
	// The stored image is 32×16 with its left edge red; each orientation
	// says where that edge is when the photo is shown as taken.
	for o, edge := range map[uint16]string{1: "left", 2: "right", 3: "right", 4: "left", 5: "top", 6: "top", 7: "bottom", 8: "bottom"} {
		out, _, err := photo.Strip(jpegWithExif(t, 32, 16, o))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		w, h := 32, 16
		if o >= 5 {
			w, h = 16, 32
		}
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("orientation %d: size %v, want %d×%d", o, b, w, h)
			continue
		}
		red := func(x, y int) bool {
			r, g, _, _ := img.At(x, y).RGBA()
			return r > 0xC000 && g < 0x6000
		}
		got := map[string]bool{"left": red(0, h/2), "right": red(w-1, h/2), "top": red(w/2, 0), "bottom": red(w/2, h-1)}
		for e, isRed := range got {
			if isRed != (e == edge) {
				t.Errorf("orientation %d: %s edge red = %v, want the red edge %s", o, e, isRed, edge)
			}
		}
	}
	for _, tt := range []struct {
		o    uint16
		want int
	}{{1, 1}, {3, 3}, {6, 6}, {8, 8}, {9, 1}} {
		if got := photo.Orientation(jpegWithExif(t, 4, 4, tt.o)); got != tt.want {
			t.Errorf("Orientation(%d) = %d", tt.o, got)
		}
	}
}

// pngChunk is a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

func TestStripPNG(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)))
	b := buf.Bytes()
	// A tEXt chunk after IHDR (8 + 25 bytes), as editors write them.
	in := append(append(append([]byte{}, b[:33]...), pngChunk("tEXt", []byte("Comment\x00GPS 59.0 16.2"))...), b[33:]...)
	if _, err := png.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the test PNG is broken: %v", err)
	}
	out, typ, err := photo.Strip(in)
	if err != nil || typ != photo.PNG || bytes.Contains(out, []byte("GPS")) || bytes.Contains(out, []byte("tEXt")) {
		t.Errorf("Strip(PNG) = %q, %v, text kept: %v", typ, err, bytes.Contains(out, []byte("GPS")))
	}
}

func TestStripRefuses(t *testing.T) {
	huge := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", []byte{0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10, 8, 0, 0, 0, 0})...) // 10000×10000
	jpg := jpegWithExif(t, 8, 8, 1)
	for name, tt := range map[string]struct {
		in   []byte
		want error
	}{
		"empty":           {nil, photo.ErrEmpty},
		"text":            {[]byte("%PDF-1.7 not a photo"), photo.ErrType},
		"gif":             {[]byte("GIF89a\x01\x00\x01\x00"), photo.ErrType},
		"over 5 MiB":      {append(jpg, make([]byte, photo.MaxBytes)...), photo.ErrTooLarge},
		"truncated jpeg":  {jpg[:len(jpg)/2], photo.ErrBroken},
		"bomb":            {huge, photo.ErrPixels},
		"broken png head": {[]byte("\x89PNG\r\n\x1a\nxx"), photo.ErrBroken},
	} {
		if _, _, err := photo.Strip(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", name, err, tt.want)
		}
	}
}

func FuzzOrientation(f *testing.F) {
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 8, 'E', 'x', 'i', 'f', 0, 0})
	f.Add(exifSegment(6))
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := photo.Orientation(append([]byte{0xFF, 0xD8}, b...)); o < 1 || o > 8 {
			t.Fatalf("Orientation = %d", o)
		}
	})
}
