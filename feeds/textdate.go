package feeds

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dates as article headers, bylines and photo credits write them. Only
// unambiguous forms are read: ISO dates, dates with a month name in either
// order (English, and French, German, Spanish, Italian, Portuguese and
// Dutch month names day first: "16 juillet 2021", "16. Juli 2021",
// "16 de julio de 2021"), and day.month.year with dots (the European
// convention). Slash dates like 07/08/2021 are left alone because the day
// and month order cannot be known.
const (
	monthRe   = `(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|` + foreignMonthRe + `)`
	weekdayRe = `(?:(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?|` + foreignWeekdayRe + `),?\s+)?`
	// Foreign names, longest first where one is a prefix of another.
	foreignMonthRe = `janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|` +
		`januar|jänner|februar|märz|maerz|april|juni|juli|august|september|oktober|dezember|` +
		`enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|` +
		`gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|` +
		`janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|` +
		`januari|februari|maart|mei|augustus`
	foreignWeekdayRe = `lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|` +
		`lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|` +
		`segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag`
	timeRe = `(?:,?\s*(?:at\s+|-\s+|\|\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*(utc|gmt|z|[+-]\d{2}:?\d{2})?)?`
)

var (
	dateISORe      = regexp.MustCompile(`(?i)^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?)?\b`)
	dateSlashYMDRe = regexp.MustCompile(`^(\d{4})/(\d{2})/(\d{2})\b`)
	dateMDYRe      = regexp.MustCompile(`(?i)^` + weekdayRe + `(` + monthRe + `)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b` + timeRe)
	dateDMYRe      = regexp.MustCompile(`(?i)^` + weekdayRe + `(\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?\s+(?:of\s+|de\s+)?(` + monthRe + `),?\s+(?:de\s+)?(\d{4})\b` + timeRe)
	dateDotRe      = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})\b` + timeRe)
	// dateAnyRe finds a date with a month name or an ISO date anywhere in a
	// line (for photo credits such as "... July 8, 2021 TASS").
	dateAnyRe = regexp.MustCompile(`(?i)\b(?:` + monthRe + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th|er|e|\.)?\s+(?:de\s+)?` + monthRe + `,?\s+(?:de\s+)?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\b`)
)

var monthByPrefix = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

// parseDatePrefix reads a date at the start of s. It returns the time (UTC;
// a date without a time is midnight UTC, a time without a zone is taken as
// UTC), whether a clock time was given, and the number of bytes consumed.
func parseDatePrefix(s string) (t time.Time, hasTime bool, n int, ok bool) {
	s = prefix(s, 80) // the longest date with weekday, time and zone fits
	if s == "" || !(s[0] >= '0' && s[0] <= '9' || s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') {
		return time.Time{}, false, 0, false
	}
	if m := dateISORe.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		t, hasTime, ok = buildDate(g[1], g[2], g[3], g[4], g[5], g[6], "", g[7])
		return t, hasTime, m[1], ok
	}
	if m := dateSlashYMDRe.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		t, _, ok = buildDate(g[1], g[2], g[3], "", "", "", "", "")
		return t, false, m[1], ok
	}
	if m := dateMDYRe.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		mon := monthNum(g[1])
		t, hasTime, ok = buildDate(g[3], mon, g[2], g[4], g[5], g[6], g[7], g[8])
		return t, hasTime, m[1], ok
	}
	if m := dateDMYRe.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		mon := monthNum(g[2])
		t, hasTime, ok = buildDate(g[3], mon, g[1], g[4], g[5], g[6], g[7], g[8])
		return t, hasTime, m[1], ok
	}
	if m := dateDotRe.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		t, hasTime, ok = buildDate(g[3], g[2], g[1], g[4], g[5], g[6], g[7], g[8])
		return t, hasTime, m[1], ok
	}
	return time.Time{}, false, 0, false
}

func groups(s string, m []int) []string {
	g := make([]string, len(m)/2)
	for i := range g {
		if m[2*i] >= 0 {
			g[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return g
}

// foreignMonths maps the non-English month names monthRe accepts.
var foreignMonths = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, names := range [12]string{
		"janvier januar jänner enero gennaio janeiro januari",
		"février fevrier februar febrero febbraio fevereiro februari",
		"mars märz maerz marzo março maart",
		"avril abril aprile",
		"mai mayo maggio maio mei",
		"juin juni junio giugno junho",
		"juillet juli julio luglio julho",
		"août aout agosto augustus",
		"septembre septiembre setiembre settembre setembro",
		"octobre oktober octubre ottobre outubro",
		"novembre noviembre novembro",
		"décembre decembre dezember diciembre dicembre dezembro",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = time.Month(i + 1)
		}
	}
	return m
}()

func monthNum(name string) string {
	if m, ok := foreignMonths[strings.ToLower(name)]; ok {
		return strconv.Itoa(int(m))
	}
	if len(name) < 3 {
		return ""
	}
	if m, ok := monthByPrefix[strings.ToLower(name[:3])]; ok {
		return strconv.Itoa(int(m))
	}
	return ""
}

// buildDate validates the parts and assembles a UTC time; it rejects dates
// that do not exist (31 June) and years outside what a news archive holds.
func buildDate(year, month, day, hour, minute, sec, ampm, zone string) (time.Time, bool, bool) {
	y, err1 := strconv.Atoi(year)
	mo, err2 := strconv.Atoi(month)
	d, err3 := strconv.Atoi(day)
	if err1 != nil || err2 != nil || err3 != nil || y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false, false
	}
	if hour == "" {
		return t, false, true
	}
	h, _ := strconv.Atoi(hour)
	mi, _ := strconv.Atoi(minute)
	se, _ := strconv.Atoi(sec)
	switch strings.ToLower(strings.ReplaceAll(ampm, ".", "")) {
	case "pm":
		if h < 12 {
			h += 12
		}
	case "am":
		if h == 12 {
			h = 0
		}
	}
	if h > 23 || mi > 59 || se > 60 {
		return t, false, true
	}
	t = time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if off, ok := zoneOffset(zone); ok {
		t = t.Add(-time.Duration(off) * time.Second)
	}
	return t, true, true
}

// zoneOffset reads Z, UTC, GMT and numeric offsets; other abbreviations are
// ambiguous and ignored (the clock time is then taken as UTC).
func zoneOffset(z string) (int, bool) {
	z = strings.ToLower(z)
	switch z {
	case "", "z", "utc", "gmt":
		return 0, true
	}
	if len(z) < 5 || (z[0] != '+' && z[0] != '-') {
		return 0, false
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	if len(digits) != 4 {
		return 0, false
	}
	h, err1 := strconv.Atoi(digits[:2])
	m, err2 := strconv.Atoi(digits[2:])
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if z[0] == '-' {
		off = -off
	}
	return off, true
}
