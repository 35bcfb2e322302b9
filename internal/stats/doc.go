// Package stats computes survey indicators and effect estimates: shares and
// means with confidence intervals by district, gender and age group, and
// priority districts against the rest, before against after. Plain values
// in and out: no I/O, HTTP or SQL.
//
//   - Proportion: p = k/n with the Wilson score interval, the π with
//     |p − π| ≤ z·√(π(1−π)/n). Unlike Wald's p ± z·√(p(1−p)/n) it stays in
//     [0, 1] and keeps its coverage for small n and p near 0 or 1, where
//     local surveys live.
//   - Weighted share: p = Σw·y/Σw, Wilson on Kish's effective sample size
//     n_eff = (Σw)²/Σw², so unequal weights widen the interval by the
//     design effect n/n_eff; equal weights give plain Wilson.
//   - Mean: m = Σw·x/Σw, linearisation variance n/(n−1)·Σw²(x−m)²/(Σw)²
//     (s²/n unweighted), Student t interval on n−1 degrees of freedom.
//   - Problem index (0–6, police survey): its formula is not public, so it
//     is the weighted mean of configured, versioned answer scores.
//   - Effects: Newcombe's hybrid score interval (method 10) for a difference
//     of two proportions; difference in differences with a normal interval.
//   - Small numbers: estimates on fewer than MinN respondents (default 5)
//     are computed but marked Suppressed; public pages show "<5".
//
// References: Wilson (1927) JASA 22:209; Newcombe (1998) Stat Med 17:857 and
// 17:873; Kish (1965) Survey Sampling; Wichura (1988) Appl Stat 37:477.
package stats
