package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// harness drives a Model synchronously: every command is run and its
// message fed back, as the program would, so tests see settled screens.
type harness struct {
	t      testing.TB
	m      *Model
	src    Source
	mu     sync.Mutex
	opened []string
}

var testNow = time.Date(2021, 7, 17, 20, 0, 0, 0, time.UTC)

func newHarness(t testing.TB, src Source, w, h int, dark bool) *harness {
	t.Helper()
	hs := &harness{t: t, src: src}
	theme := "light"
	if dark {
		theme = "dark"
	}
	m, err := New(context.Background(), src, Options{
		Config: &Config{}, Width: w, Height: h, Theme: theme,
		Now: func() time.Time { return testNow }, Location: time.UTC,
		SearchDebounce: time.Millisecond,
		OpenURL: func(ctx context.Context, u string) error {
			hs.mu.Lock()
			defer hs.mu.Unlock()
			hs.opened = append(hs.opened, u)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	hs.m = m
	hs.run(m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.process(cmd())
}

// process feeds msg and everything its commands produce, breadth first,
// with a cap so a self-renewing tick cannot loop forever.
func (h *harness) process(first tea.Msg) {
	queue := []tea.Msg{first}
	for n := 0; len(queue) > 0 && n < 500; n++ {
		msg := queue[0]
		queue = queue[1:]
		if msg == nil {
			continue
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		if strings.Contains(strings.ToLower(fmtType(msg)), "blink") {
			continue
		}
		_, cmd := h.m.Update(msg)
		if cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

func (h *harness) send(msg tea.Msg) { h.process(msg) }

// keys sends key presses: single characters, or names in angle brackets
// such as <enter>, <esc>, <ctrl+d>, <tab>, <down>, <f1>.
func (h *harness) keys(s string) {
	for s != "" {
		if strings.HasPrefix(s, "<") {
			if j := strings.Index(s, ">"); j > 0 {
				h.send(namedKey(s[1:j]))
				s = s[j+1:]
				continue
			}
		}
		r := []rune(s)[0]
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		s = s[len(string(r)):]
	}
}

func namedKey(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "f2":
		return tea.KeyPressMsg{Code: tea.KeyF2}
	}
	if strings.HasPrefix(name, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(name[5]), Mod: tea.ModCtrl}
	}
	panic("unknown key " + name)
}

// frame is the current screen as the program would draw it.
func (h *harness) frame() string { return h.m.View().Content }

// text is the frame without styling.
func (h *harness) text() string { return ansi.Strip(h.frame()) }

func (h *harness) wantText(subs ...string) {
	h.t.Helper()
	txt := h.text()
	for _, s := range subs {
		if !strings.Contains(txt, s) {
			h.t.Fatalf("screen lacks %q:\n%s", s, txt)
		}
	}
}

func (h *harness) wantNoText(subs ...string) {
	h.t.Helper()
	txt := h.text()
	for _, s := range subs {
		if strings.Contains(txt, s) {
			h.t.Fatalf("screen shows %q:\n%s", s, txt)
		}
	}
}
