package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/verso-news/verso/cmd/verso/demo"
)

// The demo's Wikinews articles are the first thing a new user reads: image
// captions are captions, and no paragraph is a dateline or a caption.
func TestDemoCorpusKeepsCaptionsOutOfTheBody(t *testing.T) {
	data, err := demo.Files.ReadFile("wikinews.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	dateline := regexp.MustCompile(`^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}`)
	credit := regexp.MustCompile(`(Image|Video|Audio): [^.]+\.$`)
	captions := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a struct {
			Title      string   `json:"title"`
			Paragraphs []string `json:"paragraphs"`
			Captions   []string `json:"captions"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		captions += len(a.Captions)
		for _, p := range a.Paragraphs {
			if dateline.MatchString(p) || credit.MatchString(p) {
				t.Errorf("%s: paragraph %q", a.Title, p)
			}
		}
		if a.Title == "At least 107 killed in Mecca crane collapse" &&
			(len(a.Captions) != 1 || !strings.HasPrefix(a.Captions[0], "pilgrims at Mecca's Grand Mosque")) {
			t.Errorf("%s: captions %q", a.Title, a.Captions)
		}
	}
	if captions < 30 {
		t.Errorf("%d captions in the demo corpus, want the figures' (over 30)", captions)
	}
}
