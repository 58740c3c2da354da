package worker

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// poller calls poll every interval in a goroutine of its own, from start
// until shutdown, which waits for that goroutine to return: the shape of
// Asynq's heartbeater and recoverer. Failures of poll are logged as what,
// unless the poller is stopping. It starts at most once.
type poller struct {
	what     string
	interval time.Duration
	poll     func(ctx context.Context) error
	log      *slog.Logger

	mu     sync.Mutex
	cancel context.CancelFunc // nil until start
	done   chan struct{}      // closed when the goroutine has returned
}

// start runs the goroutine until ctx ends or shutdown is called; a second
// call does nothing.
func (p *poller) start(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		return
	}
	ctx, p.cancel = context.WithCancel(ctx)
	p.done = make(chan struct{})
	go p.run(ctx, p.done)
}

// shutdown stops the goroutine and waits for it to return. It may be
// called more than once, and before start.
func (p *poller) shutdown() {
	p.mu.Lock()
	cancel, done := p.cancel, p.done
	p.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

func (p *poller) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := p.poll(ctx); err != nil && ctx.Err() == nil {
			p.log.Warn(p.what, "err", err)
		}
	}
}

// follower applies a value stored with a version (the gazetteer, the theme
// corrections) each time refresh finds that the version moved.
type follower struct {
	version func(ctx context.Context) (int64, error)
	read    func(ctx context.Context) (body []byte, version int64, err error)
	apply   func(body []byte, version int64) error
	applied int64 // the version in force; 0 until one is stored
}

// refresh applies the stored value when its version is not the one in
// force. It is not safe for concurrent use: one goroutine at a time.
func (f *follower) refresh(ctx context.Context) error {
	v, err := f.version(ctx)
	if err != nil || v == f.applied {
		return err
	}
	body, v, err := f.read(ctx)
	if err != nil {
		return err
	}
	if err := f.apply(body, v); err != nil {
		return err
	}
	f.applied = v
	return nil
}
