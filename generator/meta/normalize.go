package meta

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/policysite/policysite/generator/diag"
)

// Normalize drops a UTF-8 byte-order mark and turns CRLF, and a CR on its
// own (classic Mac OS), into LF, so files saved by any editor read the
// same. YAML and CommonMark both take a lone CR for a line break; turned
// into LF, it is one for every position reported too.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

// CheckUTF8 returns an error at the first byte of src that is not UTF-8.
// Columns count runes after any byte-order mark, as in every other
// position of the file.
func CheckUTF8(file string, src []byte) error {
	if utf8.Valid(src) {
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "invalid UTF-8 byte 0x%02x (expected the file to be saved as UTF-8)", src[i])
		}
		if r == '\n' || r == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return fmt.Errorf("%s: invalid UTF-8", file)
}
