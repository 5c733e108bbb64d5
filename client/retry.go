package client

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// IsRetryable reports whether err is worth another try of the same request:
// the network failed, or the service said it is busy, throttling or
// mid-change. Everything else would fail the same way again.
func IsRetryable(err error) bool {
	var (
		netErr *NetworkError
		apiErr *APIError
	)
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &netErr):
		return false
	case errors.As(err, &netErr):
		return true
	case errors.As(err, &apiErr):
		if apiErr.HTTPStatus >= 500 {
			return true
		}
		switch apiErr.Code {
		case "ServiceUnavailable", "SystemBusy", "OperationConflict", "VpnGateway.Configuring", "SignatureNonceUsed":
			return true
		}
		return isThrottling(apiErr.Code) || strings.HasPrefix(apiErr.Code, "ServiceUnavailable.")
	}
	return false
}

// isThrottling reports the Throttling code and its family (Throttling.User, ...).
func isThrottling(code string) bool {
	return code == "Throttling" || strings.HasPrefix(code, "Throttling.")
}

// delay is the wait before attempt n+1 after n failed ones: full jitter over
// a capped exponential, so many clients never retry in step.
func (p RetryPolicy) delay(n int) time.Duration {
	d := p.MaxDelay
	if n-1 < 31 {
		if exp := p.BaseDelay << (n - 1); exp > 0 && exp < d {
			d = exp
		}
	}
	return rand.N(d + 1)
}

// withRetry runs attempt until it succeeds, fails for good, the policy's
// attempts are spent, or the next wait would pass ctx's deadline. It returns
// how many attempts ran. A wait never outlives ctx.
func (c *Client) withRetry(ctx context.Context, action string, attempt func(context.Context) error) (int, error) {
	var prev error
	for n := 1; ; n++ {
		err := attempt(ctx)
		if prev != nil && ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
			// The deadline cut the last try short: the answer before it says more.
			return n, prev
		}
		if err == nil || !IsRetryable(err) || n >= c.retry.MaxAttempts {
			return n, err
		}
		d := c.retry.delay(n)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d+minAttemptTime {
			return n, err // no time left for another try: the last answer says most
		}
		if tr := traceOf(ctx); tr != nil && tr.Retry != nil {
			tr.Retry(action, n, err, d)
		}
		if werr := wait(ctx, d); werr != nil {
			return n, fmt.Errorf("%w (last error: %v)", werr, err)
		}
		prev = err
	}
}

// minAttemptTime is the least time worth starting another attempt with.
const minAttemptTime = 50 * time.Millisecond

// wait sleeps for d or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// invoke is call with retries: the common path of every typed call.
func (c *Client) invoke(ctx context.Context, action, region string, do func(*vpc.Client) error) (int, error) {
	return c.withRetry(ctx, action, func(ctx context.Context) error {
		return c.call(ctx, action, region, do)
	})
}
