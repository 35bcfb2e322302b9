package stats_test

import (
	"math"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

// near reports whether got is within tol of want, absolutely or relative to
// want, whichever is looser.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

func TestNormalQuantile(t *testing.T) {
	// Published quantiles (R's qnorm, 16 digits). Near 1 the float64 nearest
	// to p is itself off by up to 1e-16, which the steep quantile magnifies
	// (0.9995 is stored as 0.99950000000000005507…, moving x by 3e-14): hence
	// the per-case tolerance.
	for _, tt := range []struct{ p, want, tol float64 }{
		{0.5, 0, 0},
		{0.95, 1.6448536269514722, 1e-15},
		{0.975, 1.959963984540054, 1e-15},
		{0.995, 2.5758293035489004, 1e-15},
		{0.9995, 3.2905267314918945, 2e-14},
		{0.025, -1.959963984540054, 1e-15},
		{0.0005, -3.2905267314918945, 1e-15},
		{1e-10, -6.361340902404056, 1e-15},
	} {
		if got, want := stats.NormalQuantile(tt.p), tt.want; !near(got, want, tt.tol) {
			t.Errorf("NormalQuantile(%v)=%.17g, want %.17g", tt.p, got, want)
		}
	}
	// Round trip through Φ from math.Erfc, an independent implementation,
	// over all three branches of AS 241 (central, tail, far tail).
	for _, p := range []float64{1e-300, 1e-50, 1e-12, 1e-6, 0.001, 0.02, 0.0749, 0.0751, 0.3, 0.5, 0.7, 0.9, 0.999} {
		x := stats.NormalQuantile(p)
		if got := 0.5 * math.Erfc(-x/math.Sqrt2); math.Abs(got-p) > 1e-13*p {
			t.Errorf("Φ(NormalQuantile(%v))=%v", p, got)
		}
		if p > 1e-6 && p < 1-1e-6 {
			if got, want := x, math.Sqrt2*math.Erfinv(2*p-1); !near(got, want, 1e-9) {
				t.Errorf("NormalQuantile(%v)=%v, Erfinv gives %v", p, got, want)
			}
		}
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if got := stats.NormalQuantile(p); !math.IsNaN(got) {
			t.Errorf("NormalQuantile(%v)=%v, want NaN", p, got)
		}
	}
	if got := stats.NormalQuantile(1); !math.IsInf(got, 1) {
		t.Errorf("NormalQuantile(1)=%v, want +Inf", got)
	}
}

func TestStudentTQuantile(t *testing.T) {
	// Closed forms for 1, 2 and 4 degrees of freedom (Hill 1970).
	closed := map[float64]func(p float64) float64{
		1: func(p float64) float64 { return math.Tan(math.Pi * (p - 0.5)) },
		2: func(p float64) float64 { return (2*p - 1) / math.Sqrt(2*p*(1-p)) },
		4: func(p float64) float64 {
			a := 4 * p * (1 - p)
			q := math.Cos(math.Acos(math.Sqrt(a))/3) / math.Sqrt(a)
			return math.Copysign(2*math.Sqrt(q-1), p-0.5)
		},
	}
	for df, f := range closed {
		for _, p := range []float64{0.0005, 0.025, 0.3, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9995} {
			if got, want := stats.StudentTQuantile(p, df), f(p); !near(got, want, 1e-11) {
				t.Errorf("StudentTQuantile(%v, %v)=%.15g, want %.15g", p, df, got, want)
			}
		}
	}
	// Printed t tables (two-sided 95 % and 99 %), to their 3 decimals.
	for _, tt := range []struct{ p, df, want float64 }{
		{0.975, 1, 12.706}, {0.975, 3, 3.182}, {0.975, 5, 2.571}, {0.975, 9, 2.262},
		{0.975, 10, 2.228}, {0.975, 30, 2.042}, {0.975, 120, 1.980}, {0.995, 10, 3.169},
		{0.995, 30, 2.750}, {0.975, 2.5, 3.495}, // fractional df: between 4.303 (2) and 3.182 (3)
	} {
		got := stats.StudentTQuantile(tt.p, tt.df)
		if tt.df == 2.5 {
			if got <= 3.182 || got >= 4.303 {
				t.Errorf("StudentTQuantile(%v, %v)=%v, want between the df 2 and 3 values", tt.p, tt.df, got)
			}
			continue
		}
		if math.Abs(got-tt.want) > 0.0006 {
			t.Errorf("StudentTQuantile(%v, %v)=%.4f, want %.3f", tt.p, tt.df, got, tt.want)
		}
	}
	if got, want := stats.StudentTQuantile(0.975, 1e9), 1.959963984540054; !near(got, want, 1e-12) {
		t.Errorf("StudentTQuantile(0.975, 1e9)=%v, want the normal %v", got, want)
	}
	if got := stats.StudentTQuantile(0.975, 0); !math.IsNaN(got) {
		t.Errorf("StudentTQuantile(0.975, 0)=%v, want NaN", got)
	}
}
