// Package photo makes an uploaded picture safe to keep. It decodes a JPEG
// or PNG and encodes the pixels afresh, so that EXIF (with its GPS
// position, time and camera serial number), XMP, comments, ICC profiles and
// every other block of metadata stay behind: a finding is about a place,
// and a photo must not say who took it, with what, or where they stood
// (DESIGN.md §6). Only the standard library's codecs are used.
package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
)

// Limits on what Strip accepts.
const (
	// MaxBytes is the largest upload, 5 MiB.
	MaxBytes = 5 << 20
	// MaxPixels bounds the decoded size: a small file can declare a huge
	// image (a decompression bomb), and 30 megapixels is more than a
	// phone's usual photo.
	MaxPixels = 30_000_000
)

// Content types of a stripped photo.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// Errors of Strip.
var (
	ErrEmpty    = errors.New("photo: empty")
	ErrTooLarge = errors.New("photo: larger than 5 MiB")
	ErrType     = errors.New("photo: neither JPEG nor PNG")
	ErrPixels   = errors.New("photo: more than 30 megapixels")
	ErrBroken   = errors.New("photo: cannot be decoded")
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Strip returns the picture in b re-encoded without any metadata, and its
// content type. The type is read from the bytes, never from a file name or
// a browser's claim; only JPEG and PNG are taken. A JPEG's EXIF
// orientation is applied to the pixels first, since the tag that carried
// it is dropped: a phone's portrait photo stays upright.
func Strip(b []byte) (out []byte, contentType string, err error) {
	switch {
	case len(b) == 0:
		return nil, "", ErrEmpty
	case len(b) > MaxBytes:
		return nil, "", ErrTooLarge
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		contentType = JPEG
	case bytes.HasPrefix(b, pngSignature):
		contentType = PNG
	default:
		return nil, "", ErrType
	}
	// Call the codecs directly rather than image.Decode, which would take
	// any format some other package of the binary happens to register.
	decodeConfig, decode := jpeg.DecodeConfig, jpeg.Decode
	if contentType == PNG {
		decodeConfig, decode = png.DecodeConfig, png.Decode
	}
	cfg, err := decodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, "", ErrBroken
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, "", ErrPixels
	}
	img, err := decode(bytes.NewReader(b))
	if err != nil {
		return nil, "", ErrBroken
	}
	var buf bytes.Buffer
	if contentType == PNG {
		// The encoder writes only the chunks the pixels need: no tEXt,
		// iTXt, eXIf or tIME chunk survives.
		err = png.Encode(&buf, img)
	} else {
		// The encoder writes no APPn segment at all: no EXIF, XMP, JFIF
		// comment or ICC profile.
		err = jpeg.Encode(&buf, orient(img, Orientation(b)), &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), contentType, nil
}

// Orientation returns the EXIF orientation (1–8) of a JPEG, 1 when it has
// none or it cannot be read.
func Orientation(b []byte) int {
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return 1
		}
		marker := b[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01: // no length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // image data or end: no metadata after it
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		if seg := b[i+4 : i+2+n]; marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of the first IFD of an EXIF TIFF block.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[ifd:]))
	for k := range n {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		// Tag 0x0112 (Orientation) is one SHORT (type 3).
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// orient turns img as EXIF orientation o says it should be displayed.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 { // a quarter turn: width and height swap
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			// (sx, sy) is the stored pixel shown at (x, y).
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = w-1-x, y
			case 3: // upside down
				sx, sy = w-1-x, h-1-y
			case 4: // mirrored upside down
				sx, sy = x, h-1-y
			case 5: // transposed
				sx, sy = y, x
			case 6: // stored a quarter turn anticlockwise
				sx, sy = y, h-1-x
			case 7: // transversed
				sx, sy = w-1-y, h-1-x
			case 8: // stored a quarter turn clockwise
				sx, sy = w-1-y, x
			}
			copy(dst.Pix[dst.PixOffset(x, y):][:4], src.Pix[src.PixOffset(sx, sy):][:4])
		}
	}
	return dst
}
