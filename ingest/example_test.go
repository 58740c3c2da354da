package ingest_test

import (
	"fmt"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

func ExampleStrip() {
	kept, stripped := ingest.Strip("Precisamos da exportação em CSV.\n\nAtenciosamente,\nMaria\n\nEm 2 de abr. de 2026, às 10:00, Suporte <suporte@acme.example> escreveu:\n> Já está no roadmap.\n")
	fmt.Printf("%q\n", kept)
	for _, s := range stripped {
		fmt.Printf("%s: %q\n", s.Kind, s.Text)
	}
	// Output:
	// "Precisamos da exportação em CSV."
	// quote: "Em 2 de abr. de 2026, às 10:00, Suporte <suporte@acme.example> escreveu:\n> Já está no roadmap."
	// signature: "Atenciosamente,\nMaria"
}

func ExampleParse() {
	vtt := "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana>Do you need SSO?\n\n00:00:04.000 --> 00:00:06.000\n<v Bob>Yes, before we add 200 seats.\n"
	cfg := ingest.Config{Client: "globex", Roles: map[string]ckm.Role{"ana": ckm.RoleAgent, "bob": ckm.RoleCustomer}}
	docs, err := ingest.Parse([]byte(vtt), "call.vtt", "", cfg)
	if err != nil {
		panic(err)
	}
	d := docs[0].Document
	fmt.Println(d.Client, d.Source)
	for _, t := range d.Turns {
		fmt.Printf("%s (%s) at %s: %s\n", t.Speaker, t.Role, t.Offset, d.Text[t.Start:t.End])
	}
	// Output:
	// globex call
	// Ana (agent) at 1s: Do you need SSO?
	// Bob (customer) at 4s: Yes, before we add 200 seats.
}

// Every document leaves Parse dated, with where its date came from: here
// the recorder's file name, read in UTC as Zoom writes it.
func ExampleParse_dates() {
	vtt := "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nCustomer: We'll need MFA for every clinic login.\n\n00:00:05.000 --> 00:00:06.000\nAgent: Noted.\n"
	docs, err := ingest.Parse([]byte(vtt), "GMT20260806-150212_Recording.vtt", "", ingest.Config{Client: "mercy-ridge"})
	if err != nil {
		panic(err)
	}
	d := docs[0].Document
	fmt.Println(d.At.Format(time.RFC3339), d.Meta[ckm.MetaAtSource])
	fmt.Printf("%s: %q\n", d.Turns[0].Speaker, d.Text[d.Turns[0].Start:d.Turns[0].End])
	// Output:
	// 2026-08-06T15:02:12Z filename
	// Customer: "We'll need MFA for every clinic login."
}
