package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
)

// fitScreen clips s to w columns and h lines so a frame never wraps or
// scrolls the terminal, whatever the size.
func fitScreen(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// clean makes a stored string safe and single-line for a row or a header:
// terminal controls are removed again (stored text is not trusted to have
// been sanitized) and line breaks and tabs become spaces.
func clean(s string) string {
	s = sanitize(s)
	if strings.ContainsFunc(s, func(r rune) bool { return r == '\n' || r == '\t' || isMarker(r) }) {
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\n', r == '\t':
				return ' '
			case isMarker(r):
				// private markers (search highlights, reader
				// highlights) are never taken from stored text
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// truncate cuts s to w cells with an ellipsis, never mid-rune.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// dayLabel names the day of t relative to now: Today, Yesterday, or
// "Fri 16 Jul 2021".
func dayLabel(t, now time.Time) string {
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	day := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	today := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	switch today.Sub(day) / (24 * time.Hour) {
	case 0:
		return "Today"
	case 1:
		return "Yesterday"
	}
	return t.Format("Mon 2 Jan 2006")
}

// dateLine describes a published time with its provenance when it is not
// stated by the document, so a guessed date never looks certain.
func dateLine(t *time.Time, src news.DateSource, loc *time.Location) string {
	if t == nil {
		return "date unknown"
	}
	s := t.In(loc).Format("Mon 2 Jan 2006 15:04")
	if dateOnly(*t) {
		s = t.UTC().Format("Mon 2 Jan 2006")
	}
	switch src {
	case news.DateInferred:
		s += " (inferred)"
	case news.DateFile:
		s += " (file date)"
	case news.DateUnknown:
		s += " (unknown source)"
	}
	return s
}

// safeURL returns u when it is an absolute http or https URL, so that
// opening a link can never start another kind of handler.
func safeURL(u string) (string, error) {
	u = strings.TrimSpace(u)
	if u == "" {
		return "", errors.New("this article has no link")
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("link %q: %w", clean(u), err)
	}
	if p.Scheme != "http" && p.Scheme != "https" || p.Host == "" {
		return "", fmt.Errorf("link %q is not an http or https address", clean(u))
	}
	return p.String(), nil
}

// openBrowser starts the platform's opener with the URL as a single
// argument: no shell is involved, so nothing in the URL is interpreted.
func openBrowser(ctx context.Context, u string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	cmd := exec.CommandContext(ctx, name, u)
	if err := cmd.Start(); err != nil {
		// The reason first: the status line truncates, and a long URL
		// would push it off screen.
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("cannot open links: %s not found", name)
		}
		return fmt.Errorf("cannot open link with %s: %w", name, err)
	}
	// the opener detaches quickly; reap it without making the user wait
	go func() { _ = cmd.Wait() }()
	return nil
}

// plural formats a count with its noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// sanitize makes stored text inert again right before drawing it.
func sanitize(s string) string { return news.Sanitize(s) }

// dateOnly reports whether t carries a day but no time of day: importers
// store a bare date as midnight UTC, and showing "00:00" (or that midnight
// moved into another zone) would claim a precision the source never had.
func dateOnly(t time.Time) bool {
	u := t.UTC()
	return u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
}

// scrollViewport applies the scrolling keys (lines, half pages, pages, top,
// bottom) to vp and reports whether msg was one of them; the reader and the
// versions screen share them.
func scrollViewport(vp *viewport.Model, k KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.HalfDown):
		vp.HalfPageDown()
	case key.Matches(msg, k.HalfUp):
		vp.HalfPageUp()
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	default:
		return false
	}
	return true
}

// onOff says what a toggle did: "quote highlights on".
func onOff(what string, on bool) string {
	if on {
		return what + " on"
	}
	return what + " off"
}
