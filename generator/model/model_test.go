package model

import (
	"testing"
	"time"
)

func TestDateString(t *testing.T) {
	for _, want := range []string{"2024-05-15", "1999-12-31", "2000-01-01", "9999-12-31", "1000-01-01"} {
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
