package news

import "testing"

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain text":                       "plain text",
		"tab\tand\nnewline":                "tab\tand\nnewline",
		"osc52 \x1b]52;c;ZXZpbA==\x07done": "osc52 done",
		"osc8 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\": "osc8 link",
		"red \x1b[31mtext\x1b[0m":                          "red text",
		"c1 csi \u009b31mx":                                "c1 csi x",
		"c1 osc \u009d52;c;AA\u009cafter":                  "c1 osc after",
		"nul\x00byte":                                      "nulbyte",
		"bad \xff utf8":                                    "bad  utf8",
		"crlf\r\nline":                                     "crlf\nline",
		"bell\x07":                                         "bell",
		"unterminated \x1b]52;c;AAAA":                      "unterminated ",
		"curly “quotes” stay":                              "curly “quotes” stay",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add("a\x1b[31mb\u009b")
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		for _, r := range out {
			if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Fatalf("control %U left in %q", r, out)
			}
		}
		if Sanitize(out) != out {
			t.Fatalf("not idempotent: %q", out)
		}
	})
}

// A valid non-ASCII character before an escape must not hide the escape.
func TestSanitizeAfterNonASCII(t *testing.T) {
	in := "“q” \x1b]52;c;ZXZpbA==\x07 \x1b[31mred\u009b0m é\x00"
	if got, want := Sanitize(in), "“q”  red é"; got != want {
		t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
	}
}
