// Package situation computes the lägesbild (DESIGN §5) from plain values:
// counts by district, focus area, category, darkness, source, month and
// tertial; rates per 1,000; comparisons between periods and between priority
// districts and the rest; a weekday × hour grid; Getis-Ord Gi* hotspots and
// a kernel density surface. It knows nothing of storage or HTTP.
//
// Validity. An [Incident] happened at an instant (From == To) or sometime in
// the window [From, To). One with To before From, or outside the years
// 1–9999 (package sun's range), is invalid: every function leaves it out,
// and those with a result list its ID, so no figure silently loses a row.
//
// Darkness. Every valid incident weighs 1 in total; only darkness splits it.
// An instant goes wholly to its class, "dark" (sun below −6°), "twilight" or
// "light". A window is known only by the fraction of it that was dark: it
// gives DarkFraction to "dark" and the rest to "twilight_or_light", since the
// data do not say how the rest divides and we do not guess. An instant with
// no class counts like a window with its DarkFraction. So "dark" means the
// same for both kinds; "not dark" is the sum of the other three classes.
//
// Counting. A [Cell] holds the weighted Count, N (incidents with a positive
// weight in it) and their IDs: every figure leads back to its rows (DESIGN
// §6). District "" is kommun-wide. Month ("2023-04") and tertial ("2023-T2",
// as app.ParseTertial reads it) are those of From in the query's location,
// so 23:30 UTC on 30 April counts in May in Europe/Stockholm.
//
// Time of day. [TimeGrid] adds an instant to its local hour; a window spreads
// weight 1 over the local hours in proportion to the time it spends in each
// (the aoristic method), exactly across midnight and DST: the doubled autumn
// hour gets two hours' worth, the missing spring hour nothing. A window over
// a week says nothing about the time of day and is spread over all 168 hours.
//
// Hotspots. [GiStar] is Getis-Ord Gi* (Ord & Getis 1995) on a regular grid
// with binary weights: cells whose centres are at most band cells apart are
// neighbours, the cell itself included. With n included cells, mean X̄ and
// standard deviation S (population form, as PySAL's esda and ArcGIS),
//
//	Gi* = (Σj wij xj − X̄ Σj wij) / (S √((n Σj wij² − (Σj wij)²) / (n − 1)))
//
// is a z-score; P is two-sided from the normal distribution. Cells outside
// the mask (the kommun) take no part in n, X̄, S or any neighbourhood. Where
// Gi* is undefined, because every included value is the same (S = 0) or
// every cell is a neighbour, a cell gets Z = 0, P = 1: nothing stands out.
// [Classes] bands cells at 90, 95 and 99 %, optionally with the false
// discovery rate controlled by [BenjaminiHochberg] at each level. [KDE] is
// the heat map: the quartic kernel K(d) = 3/(π h²) (1 − d²/h²)² for d < h at
// cell centres, in incidents per square kilometre.
package situation
