package news

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/verso-news/verso/news/gazetteer"
)

// Metonymy: a country's name often stands for its government or its
// national team ("North Korea fired artillery", "Sweden defeated South
// Korea 1 – 0"). The entity stays a place under its canonical name, so that
// one country is one entity across the archive; the mention carries the
// type it has in its sentence (Mention.As, "organization"). Only what the
// context shows is marked:
//
//   - a country that is the subject of a verb of government or team action
//     ("Russia said", "North Korea has fired", "Sweden, Belgium, England win");
//   - a country playing another in a score line or a contest ("Belgium 3 – 0
//     Panama", "Sweden defeated South Korea", "Tunisia lost 1 – 2 to
//     England"): a side. In an article where a country is a side, its
//     other mentions name the team too ("a goal for Belgium", "Panama
//     coach"), except where a preposition of place shows the country itself
//     ("in Panama").
//
// "Russia's government", "in Russia" and a country as the object of an
// ordinary verb stay places.

// agentVerbs are verbs whose subject acts as a person would: announcing,
// deciding, attacking, winning. Inflected forms are listed, so no stemming
// is needed at run time.
var agentVerbs = setOf(`said says say announced announces announce stated states declared declares
fired fires launched launches defeated defeats beat beats won wins lost loses drew draws faced faces
signed signs voted votes agreed agrees accused accuses warned warns condemned condemns imposed imposes
threatened threatens attacked attacks invaded invades retaliated retaliates evacuated evacuates
exchanged exchanges refused refuses rejected rejects demanded demands denied denies claimed claims
deployed deploys urged urges criticised criticises criticized criticizes blamed blames protested
protests vowed vows pledged pledges promised promises insisted insists ordered orders banned bans
sanctioned sanctions expelled expels recalled recalls approved approves ratified ratifies withdrew
withdraws confirmed confirms reported reports proposed proposes requested requests responded
responds scored scores played plays qualified qualifies started starts opened opens puts tested tests
summoned summons recognised recognises recognized recognizes negotiated negotiates offered offers
welcomed welcomes hosted hosts seized seizes arrested arrests executed executes announced boycotted
boycotts suspended suspends`)

// agentAux may stand between a subject and its verb ("has fired", "will
// retaliate", "also said").
var agentAux = setOf(`has have had will would could may might must should did does also then now
later again already still alone yesterday today reportedly officially formally repeatedly quickly
immediately subsequently finally recently previously`)

// contestVerbs put two sides against each other ("Sweden defeated South
// Korea", "Belgium faced Panama").
var contestVerbs = setOf(`defeated defeats beat beats faced faces played plays drew edged edges
thrashed routed overcame eliminated knocked`)

// placePreps show the country itself even in a sports report ("in Panama").
var placePreps = setOf(`in In at near inside across throughout within from From into`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// metonymy sets span.asOrg on place mentions that stand for a government or
// a team. It runs after resolve, on the final spans.
func (r *entityRecognizer) metonymy() {
	var sides map[string]bool // canonical names of places that are sides in a contest, made when one is found
	side := func(a, b string) {
		if sides == nil {
			sides = map[string]bool{}
		}
		sides[a], sides[b] = true, true
	}
	found := false
	for _, s := range r.spans {
		if s.typ == Place && s.gazKind != 0 {
			found = true
			break
		}
	}
	if !found {
		return
	}
	// subjects: go backwards so that a list ("Sweden, Belgium, England
	// win") takes the status of its last member
	for n := len(r.spans) - 1; n >= 0; n-- {
		s := &r.spans[n]
		if s.typ != Place || s.gazKind == 0 {
			continue
		}
		toks := r.paras[s.para].toks
		spanAt := func(t int) int { return r.placeSpanAt(s.para, t) }
		// a score line: "Belgium 3 – 0 Panama", "lost 1 – 2 to England";
		// any place may be a side (clubs are named after their towns)
		if m := sideAfterScore(toks, s.tj, spanAt); m >= 0 {
			side(s.canon, r.spans[m].canon)
		}
		if s.gazKind != gazetteer.Country || s.ti > 0 && placePreps[toks[s.ti-1].T] {
			continue // a town stands for its people, a country for its state
		}
		j := s.tj
		if j+1 < len(toks) && (toks[j].T == "," || toks[j].T == "and" || toks[j].T == "&") && toks[j].sent == toks[j+1].sent {
			if m := spanAt(j + 1); m >= 0 && r.spans[m].asOrg {
				s.asOrg = true
				continue
			}
		}
		v := agentVerbAfter(toks, j)
		if v < 0 {
			continue
		}
		s.asOrg = true
		if contestVerbs[toks[v].T] {
			// "Sweden defeated South Korea": both are sides
			if m := spanAt(v + 1); m >= 0 {
				side(s.canon, r.spans[m].canon)
			}
		}
		if m := sideAfterScore(toks, v+1, spanAt); m >= 0 {
			side(s.canon, r.spans[m].canon) // "Tunisia lost 1 – 2 to England"
		}
	}
	if len(sides) == 0 {
		return
	}
	// in an article where a place is a side, its other mentions name the
	// team too, and so does its plural demonym ("the Belgians")
	for n := range r.spans {
		s := &r.spans[n]
		toks := r.paras[s.para].toks
		switch {
		case s.typ == Place && sides[s.canon]:
		case s.generic && s.typ == Person && s.tj-s.ti == 1:
			if place, ok := r.groupPlural(toks[s.ti].T); !ok || !sides[place] {
				continue
			}
		default:
			continue
		}
		if s.ti > 0 && placePreps[toks[s.ti-1].T] {
			continue
		}
		s.asOrg = true
	}
}

// placeSpanAt returns the index of the gazetteer place span that starts at
// token t of paragraph p, or -1. Spans are in text order.
func (r *entityRecognizer) placeSpanAt(p, t int) int {
	n := sort.Search(len(r.spans), func(i int) bool {
		s := r.spans[i]
		return s.para > p || s.para == p && s.ti >= t
	})
	if n < len(r.spans) && r.spans[n].para == p && r.spans[n].ti == t && r.spans[n].typ == Place && r.spans[n].gazKind != 0 {
		return n
	}
	return -1
}

// agentVerbAfter returns the index of an agent verb that follows token j as
// the verb of the name before it (possibly after auxiliaries and adverbs),
// or -1.
func agentVerbAfter(toks []token, j int) int {
	for k := j; k < len(toks) && k < j+4; k++ {
		t := toks[k]
		if t.Kind != tokWord || t.sent != toks[j-1].sent {
			return -1
		}
		if agentVerbs[t.T] {
			return k
		}
		if !agentAux[t.T] {
			return -1
		}
	}
	return -1
}

// sideAfterScore matches a score after token j ("3 – 0", "1-2", "1 – 2 to")
// followed by a country, and returns that country's span, or -1.
func sideAfterScore(toks []token, j int, spanAt func(int) int) int {
	k := j
	if k < len(toks) && toks[k].Kind == tokWord && isScore(toks[k].T) {
		k++
	} else if k+2 < len(toks) && isNumber(toks[k].T) && isDash(toks[k+1].T) && isNumber(toks[k+2].T) {
		k += 3
	} else {
		return -1
	}
	if k < len(toks) && (toks[k].T == "to" || toks[k].T == "against" || toks[k].T == "over") {
		k++
	}
	if k >= len(toks) {
		return -1
	}
	return spanAt(k)
}

func isNumber(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isDash(s string) bool { return s == "-" || s == "–" || s == "—" || s == "−" }

// isScore reports a score written as one token ("3-0").
func isScore(s string) bool {
	i := strings.IndexAny(s, "-–")
	if i <= 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return isNumber(s[:i]) && isNumber(s[i+size:])
}
