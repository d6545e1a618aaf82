package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		q    string
		want [][]Term // Pos, From and To are ignored in the comparison
	}{
		{"", nil},
		{"   ", nil},
		{"lavrov", [][]Term{{{Value: "lavrov"}}}},
		{`lavrov "hasty withdrawal" -biden taliban*`, [][]Term{
			{{Value: "lavrov"}},
			{{Value: "hasty withdrawal", Phrase: true}},
			{{Value: "biden", Neg: true}},
			{{Value: "taliban", Prefix: true}},
		}},
		{`title:afghanistan by:afp site:moscowtimes`, [][]Term{
			{{Field: "title", Value: "afghanistan"}},
			{{Field: "by", Value: "afp"}},
			{{Field: "site", Value: "moscowtimes"}},
		}},
		{`entity:"Sergei Lavrov" said:lavrov quote:mission topic:afghanistan`, [][]Term{
			{{Field: "entity", Value: "Sergei Lavrov", Phrase: true}},
			{{Field: "said", Value: "lavrov"}},
			{{Field: "quote", Value: "mission"}},
			{{Field: "topic", Value: "afghanistan"}},
		}},
		{`after:2021-07-01 before:2021-08 on:2021-07-16`, [][]Term{
			{{Field: "after", Value: "2021-07-01"}},
			{{Field: "before", Value: "2021-08"}},
			{{Field: "on", Value: "2021-07-16"}},
		}},
		{`is:unread IS:Starred has:versions -is:read`, [][]Term{
			{{Field: "is", Value: "unread"}},
			{{Field: "is", Value: "starred"}},
			{{Field: "has", Value: "versions"}},
			{{Field: "is", Value: "read", Neg: true}},
		}},
		{`russia nato OR taliban OR "hasty withdrawal"`, [][]Term{
			{{Value: "russia"}},
			{{Value: "nato"}, {Value: "taliban"}, {Value: "hasty withdrawal", Phrase: true}},
		}},
		{`-"hasty withdrawal" title:"mission failed"*`, [][]Term{
			{{Value: "hasty withdrawal", Phrase: true, Neg: true}},
			{{Field: "title", Value: "mission failed", Phrase: true, Prefix: true}},
		}},
		{`10:30 U.S. “curly quotes”`, [][]Term{
			{{Value: "10:30"}},
			{{Value: "U.S."}},
			{{Value: "curly quotes", Phrase: true}},
		}},
		{`or ors OReo`, [][]Term{{{Value: "or"}}, {{Value: "ors"}}, {{Value: "OReo"}}}},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.q)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.q, err)
			continue
		}
		var terms [][]Term
		for _, c := range got.Clauses {
			var cl []Term
			for _, term := range c {
				term.Pos, term.From, term.To = 0, 0, 0
				cl = append(cl, term)
			}
			terms = append(terms, cl)
		}
		if !reflect.DeepEqual(terms, tt.want) {
			t.Errorf("ParseQuery(%q)\n got %+v\nwant %+v", tt.q, terms, tt.want)
		}
	}
}

func TestParseQueryDates(t *testing.T) {
	q, err := ParseQuery("on:2021-07-16 before:2021-08")
	if err != nil {
		t.Fatal(err)
	}
	on, before := q.Clauses[0][0], q.Clauses[1][0]
	if on.From != 1626393600 || on.To != 1626393600+86400 {
		t.Errorf("on: %d..%d", on.From, on.To)
	}
	if before.From != 1627776000 {
		t.Errorf("before: %d", before.From)
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		q    string
		pos  int
		want string // part of the message
	}{
		{"title:", 0, "needs a value"},
		{"lavrov title: russia", 7, "needs a value"},
		{`"hasty withdrawal`, 0, "unclosed quote"},
		{`lavrov title:"hasty`, 13, "unclosed quote"},
		{"after:2021-13-45", 6, "not a date"},
		{"on:yesterday", 3, "not a date"},
		{"foo:bar", 0, `unknown field "foo:"`},
		{"lavrov Foo:bar", 7, "unknown field"},
		{"is:whatever", 3, "read, unread or starred"},
		{"has:friends", 4, "versions"},
		{"OR lavrov", 0, "OR needs"},
		{"lavrov OR", 7, "OR needs"},
		{"lavrov OR OR nato", 10, "OR needs"},
		{"- lavrov", 0, "'-' must be followed"},
		{"*", 0, "'*' must follow"},
		{"site:x*", 5, "'*' works on words"},
		{`"" lavrov`, 0, "nothing to search for"},
		{"!!!", 0, "nothing to search for"},
		{`"a b"c`, 5, "space after the closing quote"},
		{`ab"c d"`, 2, "quote must start"},
		{"lavrov \xff", 7, "UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.q)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q): err = %v, want *QueryError", tt.q, err)
			continue
		}
		if qe.Pos != tt.pos || !strings.Contains(qe.Msg, tt.want) {
			t.Errorf("ParseQuery(%q): pos %d %q, want pos %d containing %q", tt.q, qe.Pos, qe.Msg, tt.pos, tt.want)
		}
		if !strings.Contains(qe.Error(), "column") {
			t.Errorf("Error() = %q", qe.Error())
		}
	}
}

func TestCompileQuotesUserText(t *testing.T) {
	q, err := ParseQuery(`say"s`)
	if err == nil {
		t.Fatalf("expected error for quote inside word, got %+v", q)
	}
	q, err = ParseQuery(`NEAR(a b) -c title:x -site:foo`)
	if err != nil {
		t.Fatal(err)
	}
	c := compile(q, nil)
	want := `(("NEAR(a") AND ("b)") AND (title : "x")) NOT ("c")`
	if c.match != want {
		t.Errorf("match = %q, want %q", c.match, want)
	}
	if len(c.where) != 1 || !strings.HasPrefix(c.where[0], "(NOT (a.site_id IN") {
		t.Errorf("where = %q", c.where)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		`lavrov "hasty withdrawal" -biden taliban*  title:afghanistan  by:afp`,
		`site:moscowtimes  entity:"Sergei Lavrov"  said:lavrov  quote:mission`,
		`topic:afghanistan  after:2021-07-01 before:2021-08-01 on:2021-07-16`,
		`is:unread is:starred has:versions a OR b`, `"`, `-`, `title:`, "\xff", `“x”*`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		compile(q, nil)
	})
}
