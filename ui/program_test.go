package ui

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// colourSGR matches an SGR sequence that sets a foreground or background
// colour (30-37, 38;…, 40-47, 48;…, 90-97, 100-107).
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;:]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:[;:][0-9;:]*)?m`)

// TestNoColor runs the real program the way NO_COLOR makes it run: the
// colour profile the environment gives is Ascii, the renderer then writes
// no colour at all, and marks survive as attributes and brackets.
func TestNoColor(t *testing.T) {
	if p := colorprofile.Env([]string{"TERM=xterm-256color", "NO_COLOR=1"}); p != colorprofile.Ascii {
		t.Fatalf("NO_COLOR gives profile %v, want Ascii", p)
	}
	src := newFakeSource(seedLike()...)
	m, err := New(context.Background(), src, Options{
		Config: &Config{}, Theme: "dark", NoColor: true, SearchDebounce: time.Millisecond,
		Now: func() time.Time { return testNow }, Location: time.UTC,
	})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	var seen bytes.Buffer
	waitFor := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			seen.Write(b)
			return strings.Contains(seen.String(), s)
		}, teatest.WithDuration(5*time.Second))
	}
	waitFor("Lavrov Says")
	tm.Send(openArticleMsg{id: "a2000000000000002"})
	waitFor("Emomali")
	tm.Send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"})
	waitFor("versions 1")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	out, _ := io.ReadAll(tm.FinalOutput(t))
	seen.Write(out)
	if loc := colourSGR.FindStringIndex(seen.String()); loc != nil {
		t.Fatalf("colour escape %q in NO_COLOR output", seen.String()[loc[0]:loc[1]])
	}
	if !strings.Contains(seen.String(), "{+") && !strings.Contains(seen.String(), "[-") && !strings.Contains(seen.String(), "+ ") {
		t.Error("versions view lost its change marks without colour")
	}
}

// TestProgramRunsAndQuits starts Run on a pipe, as cmd/verso does on the
// terminal, and quits with q.
func TestProgramRunsAndQuits(t *testing.T) {
	in, w := io.Pipe()
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(t.Context(), newFakeSource(seedLike()...), Options{
			Config: &Config{}, Theme: "dark", Input: in, Output: &out, Width: 100, Height: 30,
			ProgramOptions: []tea.ProgramOption{tea.WithoutSignals()},
		})
	}()
	time.Sleep(200 * time.Millisecond)
	if _, err := w.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("q did not quit")
	}
	if !strings.Contains(out.String(), "Lavrov Says") {
		t.Fatal("no frame was drawn")
	}
}
