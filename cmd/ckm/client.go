package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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
	b, err := request(ctx, method, strings.TrimRight(c.server, "/")+path, e.getenv("CKM_API_KEY"), in)
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
		var apiErr struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(b, &apiErr) == nil && apiErr.Error.Message != "" {
			return nil, fmt.Errorf("%s: %s", apiErr.Error.Code, apiErr.Error.Message)
		}
		return nil, fmt.Errorf("server answered %s", resp.Status)
	}
	return b, nil
}
