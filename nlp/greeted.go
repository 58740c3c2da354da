package nlp

import "strings"

// titles are the honorifics before a name: "Sr. Paulo", "Dr. Lee", and
// the spoken "Seu Valdir" and "Dona Maria" of Brazilian Portuguese (a
// title only before a first name: "seu pedido", "a dona da loja" are not).
var titles = map[string]bool{
	"sr": true, "sra": true, "srta": true, "dr": true, "dra": true,
	"mr": true, "mrs": true, "ms": true, "miss": true,
	"seu": true, "dona": true,
}

// honorific reports whether w is a title before a name ("Sr.", "Dona"),
// not an acronym spelled like one ("MS Project").
func honorific(w string) bool {
	return titles[strings.ToLower(strings.TrimSuffix(w, "."))] && !isAcronym(w)
}

// timesOfDay follow "bom" and "boa" in a greeting ("Bom dia"); without
// one, "Boa Vista" is a place.
var timesOfDay = map[string]bool{"dia": true, "tarde": true, "noite": true}

// greetedNames returns, as PERSON, the first names that follow a greeting
// or a title in the sentences ("Bom dia, Renata.", "Hi Priya,", "Sr.
// Paulo") or that, with their surnames, come right before an address in
// angle brackets, as a sender does ("Carla Dias <carla@padaria.com.br>").
// A first name is one that the tagger of the sentence's language knows
// from its list of first names and that is not usually written in
// lowercase; up to two capitalised words right after it that are not
// usually written in lowercase either are its surnames.
func (a *Analyzer) greetedNames(text string, sents []Sentence, toks []Token, ranges [][2]int) []Entity {
	var out []Entity
	for i, s := range sents {
		m := a.ner[s.Language]
		if m == nil {
			continue
		}
		st := toks[ranges[i][0]:ranges[i][1]]
		name := func(j int) bool {
			return j < len(st) && isCapitalised(st[j].Text) && isWord(st[j].Text) && !m.m.UsuallyLower(st[j].Text)
		}
		for j := 0; j < len(st); j++ {
			k, end := greetingEnd(st, j), senderEnd(st, j)
			if k == j && end == j || !name(k) || !m.m.FirstName(st[k].Text) {
				continue
			}
			if end == j {
				end = k + 1
				for end < k+3 && name(end) {
					end++
				}
			}
			start, stop := st[k].Start, st[end-1].End
			if !notAName(text[start:stop], LabelPerson) {
				out = append(out, Entity{Text: text[start:stop], Label: LabelPerson, Start: start, End: stop, Source: SourceRule})
			}
			j = end - 1
		}
	}
	return out
}

// senderEnd returns the end of the capitalised words (at most three) from
// toks[j] on when an address in angle brackets follows them, else j. Any
// capitalised word counts: a sender's surname may be a common word ("Dias").
func senderEnd(toks []Token, j int) int {
	end := j
	for end < j+3 && end < len(toks) && isCapitalised(toks[end].Text) && isWord(toks[end].Text) {
		end++
	}
	if end == j || end >= len(toks) || !strings.HasPrefix(toks[end].Text, "<") {
		return j
	}
	addr := toks[end].Text
	if addr == "<" && end+1 < len(toks) {
		addr = toks[end+1].Text
	}
	if !strings.Contains(addr, "@") {
		return j
	}
	return end
}

// greetingEnd returns the index of the token after a greeting or a title
// that starts at toks[j] ("Hi", "Bom dia,", "Sr."), or j when none does.
func greetingEnd(toks []Token, j int) int {
	w := strings.ToLower(strings.TrimSuffix(toks[j].Text, "."))
	k := j + 1
	switch {
	case titles[w]:
		if k < len(toks) && toks[k].Text == "." {
			k++
		}
		return k
	case w == "bom" || w == "boa":
		if k >= len(toks) || !timesOfDay[strings.ToLower(toks[k].Text)] {
			return j
		}
		k++
	case !greetings[w]:
		return j
	}
	if k < len(toks) && toks[k].Text == "," {
		k++
	}
	return k
}

// leadingGreeting returns how many of the first words are a greeting:
// "Hi" 1, "Bom dia," 2, "Boa" before "Vista" 0.
func leadingGreeting(words []string) int {
	if len(words) == 0 {
		return 0
	}
	w := strings.ToLower(strings.Trim(words[0], ",."))
	switch {
	case w == "bom" || w == "boa":
		if len(words) > 1 && timesOfDay[strings.ToLower(strings.Trim(words[1], ",."))] {
			return 2
		}
		return 0
	case greetings[w]:
		return 1
	}
	return 0
}

// onlyGreeting reports whether the tagged span toks[i:j] is all greeting,
// with the token after it ("Bom" before "dia", "Hi").
func onlyGreeting(toks []Token, i, j int) bool {
	words := make([]string, 0, j-i+1)
	for _, t := range toks[i:min(j+1, len(toks))] {
		words = append(words, t.Text)
	}
	return leadingGreeting(words) >= j-i
}

// afterTitle reports whether toks[i] follows a title ("Sr. Paulo", "Dr
// Lee").
func afterTitle(toks []Token, i int) bool {
	if i > 0 && toks[i-1].Text == "." {
		i--
	}
	return i > 0 && titles[strings.ToLower(strings.TrimSuffix(toks[i-1].Text, "."))]
}
