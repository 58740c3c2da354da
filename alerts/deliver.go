package alerts

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"github.com/hibiken/asynq"
)

// Headers of a delivery.
const (
	// HeaderDelivery is the delivery's ID (Body.Delivery): the same
	// delivery attempted again has the same value. Each event in the body
	// has its own ID, the idempotency key a receiver drops repeated events
	// by.
	HeaderDelivery = "X-Ckm-Delivery"
	// HeaderTimestamp is the Unix time of the attempt, in seconds.
	HeaderTimestamp = "X-Ckm-Timestamp"
	// HeaderSignature is "sha256=" and the hex HMAC-SHA256, keyed with
	// the subscription's secret, of the timestamp, a ".", and the body.
	HeaderSignature = "X-Ckm-Signature"
)

// Sign returns the HeaderSignature value of body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10) + "."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// ErrBadSignature is returned by Verify.
var ErrBadSignature = errors.New("alerts: bad signature or stale timestamp")

// Verify checks a delivery as a receiver should: the signature over the
// timestamp and body, and a timestamp within tolerance of now (against
// replays).
func Verify(secret string, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(h.Get(HeaderTimestamp), 10, 64)
	if err != nil {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrBadSignature
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(h.Get(HeaderSignature))) {
		return ErrBadSignature
	}
	return nil
}

// ErrRefusedAddress is wrapped by deliveries to an address the deployment
// does not allow (loopback, private, link-local, ...).
var ErrRefusedAddress = errors.New("alerts: webhook address refused")

// publicIP reports whether ip is an address a webhook may reach without
// the AllowPrivate setting: not loopback, private (RFC 1918, RFC 4193),
// link-local (cloud metadata services live there), shared (RFC 6598),
// unspecified or multicast.
func publicIP(ip net.IP) bool {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return false
	}
	a = a.Unmap()
	shared := netip.MustParsePrefix("100.64.0.0/10")
	return !(a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() || shared.Contains(a))
}

// newHTTPClient returns the client of deliveries: its dialer checks every
// address it connects to, after DNS resolution, so a name that resolves
// (or later re-resolves) to an internal address is refused. It follows no
// redirects and uses no proxy.
func newHTTPClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip := net.ParseIP(host)
		if ip == nil || (!allowPrivate && !publicIP(ip)) {
			return fmt.Errorf("%w: %s", ErrRefusedAddress, host)
		}
		return nil
	}}
	return &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{DialContext: d.DialContext, Proxy: nil, MaxIdleConns: 16, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// post sends delivery id of body to sub's URL, signed at now.
func post(ctx context.Context, c *http.Client, sub Subscription, id string, body []byte, now time.Time) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("alerts: deliver %s: %w: %w", id, err, asynq.SkipRetry)
	}
	ts := now.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ckm-alerts")
	req.Header.Set(HeaderDelivery, id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(sub.Secret, ts, body))
	resp, err := c.Do(req)
	if err != nil {
		if errors.Is(err, ErrRefusedAddress) {
			return fmt.Errorf("alerts: deliver %s to %s: %w: %w", id, sub.URL, err, asynq.SkipRetry)
		}
		return fmt.Errorf("alerts: deliver %s to %s: %w", id, sub.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("alerts: deliver %s to %s: receiver answered %s", id, sub.URL, resp.Status)
	}
	return nil
}

// TypeDeliver is the task type of one webhook delivery.
const TypeDeliver = "alert:deliver"

// deliverPayload is what the handler reads of a TypeDeliver task's
// payload, which is the delivery's Body: built once, so every attempt
// sends the same bytes. Tasks queued by versions before BodyVersion 2
// wrapped the body: {"subscription", "event", "body"}.
type deliverPayload struct {
	Subscription string          `json:"subscription"`
	Delivery     string          `json:"delivery"`
	Event        string          `json:"event"` // before version 2: the delivery's ID
	Body         json.RawMessage `json:"body"`  // before version 2
}

// Delivery defaults.
const (
	DeliverMaxRetry = 12
	DeliverTimeout  = 30 * time.Second
)

// newDeliverTask is the delivery of body, a Body naming the subscription
// and the delivery's ID. Its task ID is the delivery's, so a delivery
// queued twice is sent once (while Asynq retains it).
func newDeliverTask(queue, id string, body []byte) *asynq.Task {
	return asynq.NewTask(TypeDeliver, body, asynq.Queue(queue), asynq.TaskID("alert:"+id),
		asynq.MaxRetry(DeliverMaxRetry), asynq.Timeout(DeliverTimeout), asynq.Retention(7*24*time.Hour))
}

// DeliverHandler handles TypeDeliver tasks: it posts the body to the
// subscription's webhook. A failed attempt is retried with Asynq's
// backoff; a subscription deleted meanwhile, or an address refused, is
// not.
type DeliverHandler struct {
	store  *Store
	client *http.Client
	now    func() time.Time
}

// ProcessTask implements asynq.Handler.
func (h *DeliverHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p deliverPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("alerts: decode delivery: %v: %w", err, asynq.SkipRetry)
	}
	body := t.Payload()
	if p.Body != nil { // queued before version 2
		p.Delivery, body = p.Event, p.Body
	}
	sub, err := h.store.get(ctx, p.Subscription)
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("alerts: delivery %s: subscription %s deleted: %w", p.Delivery, p.Subscription, asynq.SkipRetry)
	}
	if err != nil {
		return err
	}
	return post(ctx, h.client, sub, p.Delivery, body, h.now())
}
