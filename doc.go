// Package ckm holds the nouns that every part of ckm shares: a Document that
// a support tool sends (a call note, transcript, email, ticket, chat or
// review), its Source, the Turns of a transcript, and the validation and
// identity rules that the API, the CLI and the workers all apply the same
// way.
//
// The package depends on the standard library only. Analysis lives in
// package nlp, storage and search in package index, the task queue in
// package queues.
package ckm
