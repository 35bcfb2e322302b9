// Package privacy masks personal data in free text before it is stored or
// shown ("places, not persons", DESIGN.md §6): Swedish personal identity
// numbers, phone numbers and e-mail addresses become fixed placeholders.
//
// Detection leans towards masking, but not blindly: a personnummer must pass
// the Luhn check and have a plausible date, and a phone number must have a
// Swedish shape, so dates, times, years, street numbers and postal codes in
// police notices are kept. The price is that a personnummer with a typo (a
// wrong check digit) is not masked, while a 10-digit order or case number that
// happens to pass both checks (1 in 137 for random digits) is.
package privacy

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is a category of personal data.
type Kind uint8

// Kinds, in the order Mask reports them.
const (
	PersonalNumber Kind = iota + 1 // personnummer or samordningsnummer
	Phone
	Email
)

// String returns the Swedish name, as shown in placeholders.
func (k Kind) String() string {
	switch k {
	case PersonalNumber:
		return "personnummer"
	case Phone:
		return "telefon"
	case Email:
		return "e-post"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Placeholder returns the text that replaces data of kind k, e.g. "[telefon]".
// Placeholders hold no digits and no "@", so masked text is never re-masked.
func (k Kind) Placeholder() string { return "[" + k.String() + "]" }

// Mask returns text with every personal identity number, phone number and
// e-mail address replaced by its kind's placeholder, and the kinds it found,
// each once, in Kind order. Mask is idempotent: Mask(Mask(x)) == Mask(x).
func Mask(text string) (masked string, found []Kind) {
	var count [Email + 1]int
	// E-mail first, so digits inside an address do not become a phone number;
	// personnummer before phone, as a personnummer can look like one.
	// A mask can expose a neighbour: in "a@b.se0701234567" the number is glued
	// to a letter until the address becomes "[e-post]". Repeating until nothing
	// changes makes Mask idempotent; each round removes at least one digit or
	// "@", so it ends, and almost always after one round or two.
	for {
		before := count
		text = emailRe.ReplaceAllStringFunc(text, func(string) string { count[Email]++; return Email.Placeholder() })
		text = replace(text, PersonalNumber, pnrAt, &count)
		text = replace(text, Phone, phoneAt, &count)
		if count == before {
			break
		}
	}
	for k := PersonalNumber; k <= Email; k++ {
		if count[k] > 0 {
			found = append(found, k)
		}
	}
	return text, found
}

// replace substitutes k's placeholder for each match of at, which returns
// the end of a match starting at byte i, or -1.
func replace(s string, k Kind, at func(s string, i int) int, count *[Email + 1]int) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if end := at(s, i); end > i {
			b.WriteString(s[last:i])
			b.WriteString(k.Placeholder())
			last, i = end, end-1
			count[k]++
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// emailRe is deliberately loose (no quoted local parts or IP literals, which
// free text does not contain) but allows Unicode letters as in "åsa@ex.se".
var emailRe = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)*\.\p{L}{2,}`)

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// pnrAt matches a personnummer or samordningsnummer starting at s[i]:
// YYMMDD-NNNN or YYYYMMDD-NNNN, with "-", "+" (100 years or older), a space
// or nothing between the date and the last four digits. Only digits bound it:
// a letter next to it ("pnr:8112189876") does not save it from masking.
func pnrAt(s string, i int) int {
	if i > 0 && isDigit(s[i-1]) {
		return -1
	}
	for _, n := range []int{8, 6} { // the long form first, so "19" is not left behind
		j := i + n
		if j > len(s) || !allDigits(s[i:j]) {
			continue
		}
		if j < len(s) && strings.IndexByte("-+ ", s[j]) >= 0 {
			j++
		}
		if end := j + 4; end <= len(s) && allDigits(s[j:end]) && (end == len(s) || !isDigit(s[end])) &&
			validPNR(s[i:i+n]+s[j:end]) {
			return end
		}
	}
	return -1
}

// validPNR reports whether digits, a personnummer or samordningsnummer as 10
// (YYMMDDNNNN) or 12 (YYYYMMDDNNNN) digits, has a plausible date and a
// correct Luhn check digit over the 10-digit form.
func validPNR(digits string) bool {
	year := 2000 // a leap year, so 29 February passes when the century is unknown
	switch {
	case len(digits) == 12 && allDigits(digits):
		if c := digits[:2]; c != "18" && c != "19" && c != "20" {
			return false
		}
		year, _ = strconv.Atoi(digits[:4])
		digits = digits[2:]
	case len(digits) != 10 || !allDigits(digits):
		return false
	}
	month, _ := strconv.Atoi(digits[2:4])
	day, _ := strconv.Atoi(digits[4:6])
	if day > 60 { // samordningsnummer: day of birth plus 60
		day -= 60
	}
	if month < 1 || month > 12 || day < 1 || day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return false
	}
	sum := 0
	for i := range 10 {
		d := int(digits[i] - '0')
		if i%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// phoneAt matches a phone number starting at s[i]: Swedish national
// ("070-123 45 67", "08-123 456 78", "0150-123 45", "(0150) 123 45",
// "0701234567") or international ("+46 70 123 45 67", "+46 (0)8 123 456 78",
// "0046701234567", and other countries as "+" and 10–15 digits).
// Digit groups may be split by a space or dash; the longest run of groups
// that is a valid number wins, so "070-123 45 67 12 gånger" keeps " 12".
func phoneAt(s string, i int) int {
	c := s[i]
	if c != '+' && c != '0' && c != '(' || !aloneBefore(s, i) {
		return -1
	}
	j, intl, paren := i, false, false
	switch {
	case c == '+':
		j, intl = i+1, true
	case strings.HasPrefix(s[i:], "00"):
		j, intl = i+2, true
	case c == '(':
		j, paren = i+1, true
	}
	if j >= len(s) || !isDigit(s[j]) || paren && s[j] != '0' {
		return -1
	}
	var digits []byte
	var sizes, ends []int
	for {
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if len(digits)+k-j > 15 { // E.164's maximum
			break
		}
		digits = append(digits, s[j:k]...)
		sizes, ends = append(sizes, k-j), append(ends, k)
		j = k
		if paren && len(sizes) == 1 {
			if j >= len(s) || s[j] != ')' {
				return -1
			}
			j = j + 1 + spaceLen(s, j+1)
		} else if j += sepLen(s, j); intl && len(sizes) == 1 && strings.HasPrefix(s[j:], "(0)") {
			j += 3 + sepLen(s, j+3)
		}
		if j == k || j >= len(s) || !isDigit(s[j]) {
			break
		}
	}
	for n, total := len(sizes), len(digits); n > 0 && !(paren && n == 1); n-- {
		if end := ends[n-1]; aloneAfter(s, end) && validPhone(string(digits[:total]), sizes[:n], intl) {
			return end
		}
		total -= sizes[n-1]
	}
	return -1
}

// aloneBefore and aloneAfter report whether a number starting or ending at
// byte i stands alone; see alone.
func aloneBefore(s string, i int) bool {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	r2, _ := utf8.DecodeLastRuneInString(s[:i-n])
	return alone(r, r2)
}

func aloneAfter(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	r2, _ := utf8.DecodeRuneInString(s[i+n:])
	return alone(r, r2)
}

// alone reports whether r, next to a number, and r2, beyond r, leave the
// number standing alone: not inside a word or a longer number, and not joined
// by punctuation to another number as in "2025-06-07", "18.50" or "3,5".
func alone(r, r2 rune) bool {
	if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
		return false
	}
	return !strings.ContainsRune(".,:/-–+", r) || !unicode.IsDigit(r2)
}

// spaceLen returns the length of a space at s[j], counting the no-break and
// narrow no-break spaces that Swedish typography puts inside numbers.
func spaceLen(s string, j int) int {
	for _, sp := range []string{" ", "\u00a0", "\u202f"} {
		if strings.HasPrefix(s[j:], sp) {
			return len(sp)
		}
	}
	return 0
}

// sepLen returns the length of a separator between digit groups at s[j]:
// a space, a dash or en dash, or a dash with a space on either side.
func sepLen(s string, j int) int {
	k := j + spaceLen(s, j)
	switch {
	case strings.HasPrefix(s[k:], "-"):
		k++
	case strings.HasPrefix(s[k:], "–"):
		k += len("–")
	default:
		return k - j
	}
	return k + spaceLen(s, k) - j
}

// validPhone reports whether digits, split into groups of the given sizes,
// make a phone number. A Swedish national number has 8–10 digits including
// the leading 0 (mobile 07X: exactly 10); when it is grouped, the first group
// is the area code (08, 0XX or 0XXX, mobile 07X) and the subscriber part does
// not start with 0. Those rules keep dates like "08-06-2025" out; the shape
// DD-MM-YYYY ("08-12-2025") is refused outright. An 8-digit number is only
// taken when grouped ("08-12 34 56"), as 8 bare digits are more often a date.
func validPhone(digits string, sizes []int, intl bool) bool {
	if intl {
		if !strings.HasPrefix(digits, "46") || sizes[0] < 2 { // foreign, or "+4 6 …"
			return len(digits) >= 10 && digits[0] != '0'
		}
		if len(digits) < 3 {
			return false
		}
		// Rewrite "+46 70 …" as "070 …". A kept trunk 0 ("+46 070 …") is a
		// common slip and is accepted.
		sizes = append([]int(nil), sizes...)
		if sizes[0] == 2 {
			sizes = sizes[1:]
		} else {
			sizes[0] -= 2
		}
		if digits = digits[2:]; digits[0] != '0' {
			digits, sizes[0] = "0"+digits, sizes[0]+1
		}
	}
	n := len(digits)
	if n < 8 || n > 10 || digits[0] != '0' || digits[1] == '0' || digits[1] == '7' && n != 10 {
		return false
	}
	if len(sizes) == 1 { // ungrouped: 9 or 10 digits, so "01012025" stays a date
		return n >= 9
	}
	switch a := sizes[0]; {
	case a < 2 || a > 4 || a == 2 && digits[1] != '8' || digits[1] == '7' && a != 3:
		return false
	case digits[a] == '0':
		return false
	case len(sizes) == 3 && sizes[0] == 2 && sizes[1] == 2 && sizes[2] == 4:
		return false
	}
	return true
}
