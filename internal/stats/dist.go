package stats

import "math"

// NormalQuantile returns x with Φ(x) = p for the standard normal: ∓Inf at 0
// and 1, NaN outside [0, 1]. It is Wichura's AS 241, good to about 1e-16;
// math.Erfinv loses digits in the tails, where 2p−1 rounds towards ±1.
func NormalQuantile(p float64) float64 {
	switch {
	case !(p >= 0 && p <= 1):
		return math.NaN()
	case p == 0 || p == 1:
		return math.Inf(int(2*p - 1))
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		return q * rational(0.180625-q*q, 0)
	}
	r := math.Sqrt(-math.Log(min(p, 1-p)))
	if r <= 5 {
		return math.Copysign(rational(r-1.6, 2), q)
	}
	return math.Copysign(rational(r-5, 4), q)
}

// as241: numerator and denominator, lowest power first, per region.
var as241 = [6][8]float64{
	{3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
		4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3},
	{1, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
		2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3},
	{1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
		1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4},
	{1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
		1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9},
	{6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
		2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7},
	{1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
		7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15},
}

// rational evaluates the AS 241 ratio as241[i](x)/as241[i+1](x) by Horner.
func rational(x float64, i int) float64 {
	var num, den float64
	for j := 7; j >= 0; j-- {
		num, den = num*x+as241[i][j], den*x+as241[i+1][j]
	}
	return num / den
}

// zFor is the two-sided normal critical value, 1.959964 for conf 0.95.
func zFor(conf float64) float64 { return NormalQuantile(1 - (1-conf)/2) }

// StudentTQuantile returns t with P(T ≤ t) = p for Student's t on df > 0
// degrees of freedom (else NaN), good to about 1e-12. It solves the CDF by
// Newton steps from the normal quantile, bisecting whenever a step leaves
// the bracket, as it can in the heavy tails of df near 1.
func StudentTQuantile(p, df float64) float64 {
	switch {
	case !(p >= 0 && p <= 1) || !(df > 0):
		return math.NaN()
	case p < 0.5:
		return -StudentTQuantile(1-p, df)
	case p == 0.5 || p == 1 || df > 1e8:
		return NormalQuantile(p)
	}
	t := NormalQuantile(p)
	lo, hi := 0.0, math.Inf(1)
	lnc := lgamma((df+1)/2) - lgamma(df/2) - 0.5*math.Log(df*math.Pi)
	for range 200 {
		// P(T > t) = ½·I_x(df/2, ½) with x = df/d, passing 1−x = t²/d exactly.
		d := df + t*t
		f := 0.5*incBeta(df/2, 0.5, df/d, t*t/d) - (1 - p) // decreasing in t
		if f > 0 {
			lo = t
		} else {
			hi = t
		}
		next := t + f/math.Exp(lnc-(df+1)/2*math.Log1p(t*t/df)) // f/density
		if !(next > lo && next < hi) {
			next = min(2*t, (lo+hi)/2)
		}
		if math.Abs(next-t) <= 1e-14*t {
			return next
		}
		t = next
	}
	return t
}

func lgamma(x float64) float64 { v, _ := math.Lgamma(x); return v }

// incBeta is I_x(a, b) for 0 < x < 1, given xc = 1−x: the continued fraction
// where it converges fast, x < (a+1)/(a+b+2), else 1 − I_{1−x}(b, a).
func incBeta(a, b, x, xc float64) float64 {
	front := math.Exp(a*math.Log(x) + b*math.Log(xc) + lgamma(a+b) - lgamma(a) - lgamma(b))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, xc)/b
}

// betaCF evaluates the continued fraction of I_x(a, b) by modified Lentz.
func betaCF(a, b, x float64) float64 {
	nz := func(v float64) float64 { return math.Copysign(max(math.Abs(v), 1e-300), v) }
	c, d := 1.0, 1/nz(1-(a+b)*x/(a+1))
	h := d
	for m := 1.0; m <= 500; m++ {
		for _, num := range [2]float64{
			m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m)),
			-(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1)),
		} {
			d, c = 1/nz(1+num*d), nz(1+num/c)
			h *= d * c
		}
		if math.Abs(d*c-1) < 1e-16 {
			break
		}
	}
	return h
}
