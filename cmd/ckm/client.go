package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// get fetches url from a running server and returns the body of a 2xx
// answer, or the server's error message.
func get(ctx context.Context, url, key string) ([]byte, error) {
	return request(ctx, http.MethodGet, url, key, nil)
}

// call sends in (when not nil) as JSON to path on the configured server
// and decodes a 2xx answer into out.
func (c *config) call(ctx context.Context, e *env, method, path string, in, out any) error {
	b, err := request(ctx, method, strings.TrimRight(c.server, "/")+path, c.apiKey(e), in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// request is the one HTTP round trip of the CLI's server commands: a
// 30-second deadline, the API key as a bearer token, a bounded body, and
// the API's {"error": ...} turned into a Go error.
func request(ctx context.Context, method, url, key string, in any) ([]byte, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		se := &statusError{status: resp.StatusCode, msg: "server answered " + resp.Status}
		var apiErr struct {
			Error apiError `json:"error"`
		}
		if json.Unmarshal(b, &apiErr) == nil && apiErr.Error.Message != "" {
			se.msg = apiErr.Error.Code + ": " + apiErr.Error.Message
		}
		return nil, se
	}
	return b, nil
}

// statusError is a non-2xx answer of the server: its status and what it
// said.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// asStatusError is errors.As for *statusError.
func asStatusError(err error, target **statusError) bool { return errors.As(err, target) }

// isConnError reports whether err is a failure to reach the server.
func isConnError(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue)
}
