package nlp

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// currencies maps the ways money is written to ISO 4217 codes.
var currencies = map[string]string{
	"r$": "BRL", "brl": "BRL", "reais": "BRL",
	"$": "USD", "us$": "USD", "u$": "USD", "usd": "USD", "dollars": "USD", "dólares": "USD", "dolares": "USD",
	"€": "EUR", "eur": "EUR", "euros": "EUR",
	"£": "GBP", "gbp": "GBP",
}

var multipliers = map[string]float64{
	"k": 1e3, "mil": 1e3,
	"m": 1e6, "mi": 1e6, "million": 1e6, "millions": 1e6, "milhão": 1e6, "milhões": 1e6,
	"bn": 1e9, "bi": 1e9, "billion": 1e9, "bilhão": 1e9, "bilhões": 1e9,
}

// matchMoneyBefore handles a currency before the amount: "R$ 1.200,50",
// "$1,200.50", "USD 300", "€40", "$5k".
func matchMoneyBefore(text string, m []int, _ Language) (int, int, string, bool) {
	return money(text, m, group(text, m, 1), 2, 3, true)
}

// matchMoneyAfter handles a currency after the amount: "300 USD",
// "2 mil reais", "40 euros".
func matchMoneyAfter(text string, m []int, _ Language) (int, int, string, bool) {
	return money(text, m, group(text, m, 3), 1, 2, false)
}

// money checks the boundaries of a money match, dropping a multiplier that
// turns out to be the start of a word ("$5 more"), and formats its value as
// "1200.50 BRL".
func money(text string, m []int, cur string, amountGroup, multGroup int, multLast bool) (int, int, string, bool) {
	code, ok := currencies[strings.ToLower(cur)]
	start, end := m[0], m[1]
	if !ok || !startsWord(text, start) {
		return 0, 0, "", false
	}
	mult := group(text, m, multGroup)
	if !endsWord(text, end) {
		if mult == "" || !multLast {
			return 0, 0, "", false
		}
		mult, end = "", m[2*amountGroup+1]
		if !endsWord(text, end) {
			return 0, 0, "", false
		}
	}
	n, ok := parseAmount(group(text, m, amountGroup))
	if !ok {
		return 0, 0, "", false
	}
	if f, ok := multipliers[strings.ToLower(mult)]; ok {
		n *= f
	}
	return start, end, strconv.FormatFloat(n, 'f', 2, 64) + " " + code, true
}

// parseAmount reads "1.200,50", "1,200.50", "1.200", "40" or "12,5". With
// both separators the last is the decimal one; with one, it is decimal when
// it occurs once and is followed by one or two digits.
func parseAmount(s string) (float64, bool) {
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	dec := -1
	switch {
	case dot >= 0 && comma >= 0:
		dec = max(dot, comma)
	case dot >= 0 && strings.Count(s, ".") == 1 && len(s)-dot-1 <= 2:
		dec = dot
	case comma >= 0 && strings.Count(s, ",") == 1 && len(s)-comma-1 <= 2:
		dec = comma
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case i == dec:
			b.WriteByte('.')
		case s[i] >= '0' && s[i] <= '9':
			b.WriteByte(s[i])
		}
	}
	f, err := strconv.ParseFloat(b.String(), 64)
	return f, err == nil
}

var months = map[string]time.Month{
	"jan": 1, "january": 1, "janeiro": 1,
	"feb": 2, "february": 2, "fevereiro": 2,
	"mar": 3, "march": 3, "março": 3, "marco": 3,
	"apr": 4, "april": 4, "abril": 4,
	"may": 5, "maio": 5,
	"jun": 6, "june": 6, "junho": 6,
	"jul": 7, "july": 7, "julho": 7,
	"aug": 8, "august": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "setembro": 9,
	"oct": 10, "october": 10, "outubro": 10,
	"nov": 11, "november": 11, "novembro": 11,
	"dec": 12, "december": 12, "dezembro": 12,
}

// isoDate formats a valid calendar date as 2006-01-02; ok is false for
// dates that do not exist.
func isoDate(y int, mo time.Month, d int) (string, bool) {
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if y < 1000 || y > 9999 || t.Month() != mo || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

func matchISODate(text string, m []int, _ Language) (int, int, string, bool) {
	s := text[m[0]:m[1]]
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || !bounded(text, m[0], m[1]) {
		return 0, 0, "", false
	}
	return m[0], m[1], t.Format(time.DateOnly), true
}

// matchNumericDate reads 03/04/2026 as month/day in English and day/month
// otherwise, unless one of the two is over 12.
func matchNumericDate(text string, m []int, lang Language) (int, int, string, bool) {
	a, _ := strconv.Atoi(group(text, m, 1))
	b, _ := strconv.Atoi(group(text, m, 2))
	y, _ := strconv.Atoi(group(text, m, 3))
	if y < 100 {
		y += 2000
	}
	if !bounded(text, m[0], m[1]) || (m[1] < len(text) && text[m[1]] == '/') || (m[0] > 0 && text[m[0]-1] == '/') {
		return 0, 0, "", false
	}
	day, mo := a, b
	if (lang == English && a <= 12) || b > 12 {
		day, mo = b, a
	}
	v, ok := isoDate(y, time.Month(mo), day)
	return m[0], m[1], v, ok
}

func matchMonthDayYear(text string, m []int, _ Language) (int, int, string, bool) {
	return dayMonth(text, m, group(text, m, 2), group(text, m, 1), group(text, m, 3))
}

func matchDayMonthYear(text string, m []int, _ Language) (int, int, string, bool) {
	month := group(text, m, 2) + group(text, m, 3)
	return dayMonth(text, m, group(text, m, 1), month, group(text, m, 4))
}

// dayMonth values a date written with a month name; without a year the
// date is kept but has no value.
func dayMonth(text string, m []int, day, month, year string) (int, int, string, bool) {
	mo, ok := months[strings.ToLower(month)]
	d, _ := strconv.Atoi(day)
	if !ok || d < 1 || d > 31 || !bounded(text, m[0], m[1]) {
		return 0, 0, "", false
	}
	if year == "" {
		return m[0], m[1], "", true
	}
	y, _ := strconv.Atoi(year)
	v, ok := isoDate(y, mo, d)
	return m[0], m[1], v, ok
}

func matchMonthYear(text string, m []int, _ Language) (int, int, string, bool) {
	mo, ok := months[strings.ToLower(group(text, m, 1)+group(text, m, 2))]
	if !ok || !bounded(text, m[0], m[1]) {
		return 0, 0, "", false
	}
	return m[0], m[1], group(text, m, 3) + fmt.Sprintf("-%02d", int(mo)), true
}

func matchQuarter(text string, m []int, _ Language) (int, int, string, bool) {
	return m[0], m[1], group(text, m, 2) + "-Q" + group(text, m, 1), bounded(text, m[0], m[1])
}
