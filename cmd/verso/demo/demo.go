// Package demo embeds verso's demo corpus: the two seed renderings of one AFP
// story published by The Moscow Times, and 24 Wikinews news articles (text
// CC BY 2.5, Wikinews contributors) taken from the GUM corpus (Zeldes 2017).
package demo

import "embed"

//go:generate go run gen.go

// Files holds the corpus; paths are relative to this folder.
//
//go:embed *.txt wikinews.jsonl
var Files embed.FS
