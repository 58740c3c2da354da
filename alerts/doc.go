// Package alerts keeps saved searches and watches and delivers what they
// find to webhooks.
//
// A Store keeps subscriptions in Redis. An API key saves one (the API
// sets Owner and Clients from the key):
//
//	s := alerts.New(queues.Config{RedisAddr: addr}, alerts.Config{})
//	sub, err := s.Create(ctx, alerts.Subscription{Owner: "support-bot", Clients: []string{"globex"},
//		Kind: alerts.KindQuery, Query: "invoice cue:pain", URL: "https://hooks.example.com/ckm"})
//	// sub.Secret signs the deliveries; it is shown once.
//
// The process that owns the index wraps its Put with Watch, so every
// committed document is queued for matching, registers Handlers with its
// Asynq server and schedules NewMatchTask. A match run loads the new
// documents into an index.Percolator and runs every query and need
// subscription over them within its scope, checks emerging themes now and
// then, and queues one TypeDeliver task per subscription with events (or
// keeps them for a digest). A delivery is an HTTP POST of a Body (format
// BodyVersion) holding the run's events for one subscription, each with
// its own ID, the idempotency key a receiver drops repeats by; it is
// signed (Sign, Verify) and retried by Asynq. Its task ID, the Body's
// Delivery, is derived from its events, so a run retried over the same
// documents queues nothing new, and emitted events are remembered so a
// document matched again does not fire again. The HTTP client refuses loopback,
// private and link-local addresses after DNS resolution unless
// Config.AllowPrivate.
package alerts
