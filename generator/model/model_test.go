package model

import (
	"strings"
	"testing"
	"time"
)

func TestDateString(t *testing.T) {
	for _, want := range []string{"2024-05-15", "1999-12-31", "2000-01-01", "9999-12-31", "1900-01-01"} {
		d, err := ParseDate(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.String(); got != want {
			t.Errorf("ParseDate(%q).String() = %q", want, got)
		}
	}
	for _, y := range []int{0, 999, 10000} {
		d := DateOf(time.Date(y, 3, 4, 0, 0, 0, 0, time.UTC))
		if got, want := d.String(), d.t.Format(DateLayout); got != want {
			t.Errorf("year %d: %q, want %q", y, got, want)
		}
	}
}

// TestParseDateRefusesAncientYears: a year before 1900 is a typo (0202 for
// 2020), and 0001-01-01 would be the zero date, which feeds take for none.
func TestParseDateRefusesAncientYears(t *testing.T) {
	for _, s := range []string{"0001-01-01", "0202-01-01", "1899-12-31"} {
		if _, err := ParseDate(s); err == nil || !strings.Contains(err.Error(), "expected a year from 1900 on") {
			t.Errorf("ParseDate(%q): %v, want a refusal", s, err)
		}
	}
}
