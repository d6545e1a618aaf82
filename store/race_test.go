//go:build race

package store

// raceDetector says whether the tests run under the race detector.
const raceDetector = true
