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
	// wordRe stands for a month or weekday name; the name is checked
	// against monthNames and weekdayNames in code, which keeps the
	// patterns small (a regexp costs in proportion to its size).
	wordRe = `\p{L}[\p{L}-]{1,14}`
	timeRe = `(?:,?\s*(?:at\s+|-\s+|\|\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*(utc|gmt|z|[+-]\d{2}:?\d{2})?)?`
)

var (
	dateISORe      = regexp.MustCompile(`(?i)^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?)?\b`)
	dateSlashYMDRe = regexp.MustCompile(`^(\d{4})/(\d{2})/(\d{2})\b`)
	// Groups: weekday, month, day, year, then the time's.
	dateMDYRe = regexp.MustCompile(`(?i)^(?:(` + wordRe + `)\.?,?\s+)?(` + wordRe + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b` + timeRe)
	// Groups: weekday, day, month, year, then the time's.
	dateDMYRe = regexp.MustCompile(`(?i)^(?:(` + wordRe + `)\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?\s+(?:of\s+|de\s+)?(` + wordRe + `)\.?,?\s+(?:de\s+)?(\d{4})\b` + timeRe)
	dateDotRe = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})\b` + timeRe)
	// dateAnyRe finds date candidates anywhere in a line (for photo
	// credits such as "... July 8, 2021 TASS"); findDates checks the month.
	dateAnyRe = regexp.MustCompile(`(?i)\b(?:(` + wordRe + `)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th|er|e|\.)?\s+(?:de\s+)?(` + wordRe + `)\.?,?\s+(?:de\s+)?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\b`)
)

// monthNames maps the month names and abbreviations read in dates:
// English, French, German, Spanish, Italian, Portuguese and Dutch (day
// first: "16 juillet 2021", "16. Juli 2021", "16 de julio de 2021").
var monthNames = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, names := range [12]string{
		"jan january janvier januar jänner enero gennaio janeiro januari",
		"feb february février fevrier februar febrero febbraio fevereiro februari",
		"mar march mars märz maerz marzo março maart",
		"apr april avril abril aprile",
		"may mai mayo maggio maio mei",
		"jun june juin juni junio giugno junho",
		"jul july juillet juli julio luglio julho",
		"aug august août aout agosto augustus",
		"sep sept september septembre septiembre setiembre settembre setembro",
		"oct october octobre oktober octubre ottobre outubro",
		"nov november novembre noviembre novembro",
		"dec december décembre decembre dezember diciembre dicembre dezembro",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = time.Month(i + 1)
		}
	}
	return m
}()

// weekdayNames are the weekday names and abbreviations a date may start with.
var weekdayNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday
		lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag
		lunes martes miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica
		segunda-feira terça-feira quarta-feira quinta-feira sexta-feira maandag dinsdag woensdag donderdag vrijdag zaterdag zondag`) {
		m[n] = true
	}
	return m
}()

// findDates returns the positions of the dates in s whose month name is
// one monthNames knows.
func findDates(s string) [][2]int {
	var out [][2]int
	for _, m := range dateAnyRe.FindAllStringSubmatchIndex(s, -1) {
		ok := true
		for g := 1; g <= 2; g++ {
			if m[2*g] >= 0 && monthNum(s[m[2*g]:m[2*g+1]]) == "" {
				ok = false
			}
		}
		if ok {
			out = append(out, [2]int{m[0], m[1]})
		}
	}
	return out
}

// parseDatePrefix reads a date at the start of s. It returns the time (UTC;
// a date without a time is midnight UTC, a time without a zone is taken as
// UTC), whether a clock time was given, and the number of bytes consumed.
func parseDatePrefix(s string) (t time.Time, hasTime bool, n int, ok bool) {
	s = prefix(s, 80) // the longest date with weekday, time and zone fits
	if s == "" || !(s[0] >= '0' && s[0] <= '9' || s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') {
		return time.Time{}, false, 0, false
	}
	// Every form has a four-digit year.
	if !hasYear(s) {
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
		if mon := monthNum(g[2]); mon != "" && (g[1] == "" || weekdayNames[strings.ToLower(g[1])]) {
			t, hasTime, ok = buildDate(g[4], mon, g[3], g[5], g[6], g[7], g[8], g[9])
			return t, hasTime, m[1], ok
		}
	}
	if m := dateDMYRe.FindStringSubmatchIndex(s); m != nil {
		g := groups(s, m)
		if mon := monthNum(g[3]); mon != "" && (g[1] == "" || weekdayNames[strings.ToLower(g[1])]) {
			t, hasTime, ok = buildDate(g[4], mon, g[2], g[5], g[6], g[7], g[8], g[9])
			return t, hasTime, m[1], ok
		}
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

// monthNum returns the month number of a month name, or "".
func monthNum(name string) string {
	if m, ok := monthNames[strings.ToLower(strings.TrimSuffix(name, "."))]; ok {
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
