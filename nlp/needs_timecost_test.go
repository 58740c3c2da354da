package nlp

import (
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/jdkato/prose/v3/tokenize"
)

// TestTimeCost checks that the time a routine costs is pain however the
// span is worded (the "@spend @span @duration" lines of data/cues.txt),
// and that a visit, a rate, a day off, an offer to think it over and a
// date are not.
func TestTimeCost(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"spends days chasing", "Dawn spends roughly two days a month chasing overdue fees.", []string{"pain"}},
		{"most of the afternoon", "It took me most of the afternoon to rebuild the rota.", []string{"pain"}},
		{"a stronger cue wins", "I spent my whole Friday copying figures into the board template.", []string{"workaround"}},
		{"lose most of a week", "Each quarter I lose most of a week to reconciliation.", []string{"pain"}},
		{"pt perco uma tarde", "Eu perco uma tarde por semana conferindo os repasses.", []string{"pain"}},
		{"pt passa metade do dia", "A Keila passa metade do dia provando pro cliente que o caminhão passou.", []string{"pain"}},
		{"pt gastam quase dois dias", "A Camila gasta quase dois dias por semana consolidando o status das vagas.", []string{"pain"}},
		{"a rate is no duration", "Nathan's team takes about 200 calls a day.", nil},
		{"a lost job is no cost", "We lost a job last week to a company in Weston.", nil},
		{"a visit is no cost", "Visited South Congress and spent an hour with Luis in the back.", nil},
		{"a visit at a place is no cost", "Spent the afternoon at Round Rock with Luis and the new GM.", nil},
		{"at the end of the month is a cost", "She spends roughly three days at the end of every month exporting snapshots.", []string{"pain"}},
		{"a day off is no cost", "Mrs. Alvarez took the day off work.", nil},
		{"pt a date is no cost", "Posso levar o notebook dia 12?", nil},
		{"pt a place is no cost", "O Zé passa o dia no pátio embaixo dos carros.", nil},
		{"pt a week away is no cost", "A maioria dos motoristas passa a semana fora.", nil},
		{"pt fuel is no duration", "O cliente gasta 40 litros de diesel por semana.", nil},
	})
}

// TestTimeCostTheme checks that the theme of a time cost is the routine,
// read past the span and its "inteira".
func TestTimeCostTheme(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"Dawn spends roughly two days a month chasing overdue fees.", "chasing overdue fees"},
		{"A Carla leva a manhã inteira pra montar a escala.", "escala"},
		{"Eu perco umas duas horas toda sexta conferindo os repasses.", "repasses"},
	}
	for _, tt := range tests {
		a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
		if len(a.Needs) != 1 || a.Needs[0].Cue != "pain" || a.Needs[0].Theme != tt.want {
			t.Errorf("%q: needs %+v, want one pain themed %q", tt.text, a.Needs, tt.want)
		}
	}
}

// TestParseClass checks the class lines of data/cues.txt and their errors.
func TestParseClass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line, err string
	}{
		{"class en span 0 6 a the #", ""},
		{"class en span 6 2 a", "MIN ≤ MAX"},
		{"class en span 0 0 a", "MIN ≤ MAX"},
		{"class en span 0 9 a", "MIN ≤ MAX"},
		{"class xx span 0 2 a", "want \"class LANG"},
		{"class en span 0 2", "want \"class LANG"},
	}
	for _, tt := range tests {
		c, err := parseClass(strings.Fields(tt.line))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%q: %v", tt.line, err)
		case tt.err == "" && (!c.words["the"] || !c.digits || c.max != 6):
			t.Errorf("%q: class %+v", tt.line, c)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want one saying %q", tt.line, err, tt.err)
		}
	}
	if _, err := parseCues("kind pain implied\nen pain 0.5 @nope hour\n", tokenize.New()); err == nil || !strings.Contains(err.Error(), "not defined") {
		t.Errorf("a phrase naming an undefined class: error %v", err)
	}
}
