package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/httpx"
)

// Session limits. Idle is long enough for an EST reporter's shift in the
// field; absolute ends a forgotten browser the next day at the latest.
const (
	sessionCookie   = "trygg_session"
	sessionIdle     = 4 * time.Hour
	sessionAbsolute = 12 * time.Hour
	resetTTL        = time.Hour
)

// principal is who is making a request: a user with a session, an API
// token, or nobody; and the tenant the route names, if any.
type principal struct {
	User    *app.User
	Session *app.Session
	Token   *app.Token
	Tenant  *app.Tenant
}

type principalKey struct{}

// who returns the principal of r (never nil inside a route).
func who(r *http.Request) *principal {
	p, _ := r.Context().Value(principalKey{}).(*principal)
	if p == nil {
		return &principal{}
	}
	return p
}

// guard wraps fn so that it runs only for a principal with perm. It is the
// one place where routes are authorised: every route passes through it
// with the permission it was registered with.
//
//   - Public routes run for everyone (a session is still read, for the
//     header).
//   - Anonymous requests to protected routes: pages redirect to /login,
//     the API answers 401.
//   - Routes with {tenant}: the tenant must exist (404) and the user's
//     roles in it, or the token's, must grant perm (403).
func (s *Server) guard(pattern string, perm app.Permission, fn http.HandlerFunc) http.HandlerFunc {
	tenantScoped := strings.Contains(pattern, "{tenant}")
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.identify(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), principalKey{}, p)
		switch {
		case p.User != nil:
			ctx = app.WithActor(ctx, &app.Actor{UserID: p.User.ID, Label: p.User.Email})
		case p.Token != nil:
			ctx = app.WithActor(ctx, &app.Actor{Label: "token:" + p.Token.Name})
		}
		r = r.WithContext(ctx)
		if perm == app.PermPublic {
			fn(w, r)
			return
		}
		if p.User == nil && p.Token == nil {
			if isAPI(r) || r.Method != http.MethodGet {
				s.fail(w, r, app.Errorf(app.EUNAUTHENTICATED, "Logga in först / Sign in first."))
				return
			}
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		var tenantID int64
		if tenantScoped {
			t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			p.Tenant, tenantID = t, t.ID
		}
		allowed := p.User.Can(tenantID, perm)
		if p.Token != nil {
			// Tokens are for machine clients of the API; pages need a
			// person with a session.
			allowed = isAPI(r) && tenantScoped && p.Token.Can(tenantID, perm)
		}
		if !allowed {
			s.fail(w, r, app.Errorf(app.EFORBIDDEN, "Du har inte behörighet till detta / You are not allowed to do this."))
			return
		}
		fn(w, r)
	}
}

// identify reads the bearer token or the session cookie. A bad bearer
// token is an error (the client meant to authenticate); a stale cookie is
// just removed.
func (s *Server) identify(w http.ResponseWriter, r *http.Request) (*principal, error) {
	p := &principal{}
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || !auth.IsAPIToken(tok) {
			return nil, app.Errorf(app.EUNAUTHENTICATED, "Authorization ska vara \"Bearer tr_…\" / must be a Trygg API token.")
		}
		t, err := s.svc.Users.TokenByHash(r.Context(), auth.HashToken(tok))
		if err != nil {
			return nil, err
		}
		p.Token = t
		return p, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return p, nil
	}
	sess, u, err := s.svc.Users.SessionUser(r.Context(), auth.HashToken(c.Value), sessionIdle)
	switch app.ErrorCode(err) {
	case "":
		p.Session, p.User = sess, u
	case app.EUNAUTHENTICATED:
		s.clearSessionCookie(w, r)
	default:
		return nil, err
	}
	return p, nil
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode, MaxAge: int(sessionAbsolute.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// fail answers err as JSON for the API and as a page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		httpx.WriteJSONError(s.log, w, r, err)
		return
	}
	s.error(w, r, err)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// clientIP is the address the per-address limits count. It is the peer's,
// unless the peer is one of the configured trusted proxies: then it is the
// nearest address in X-Forwarded-For that is not a trusted proxy itself,
// read from the right, since a client can write anything to the left. With
// no trusted proxies the header is ignored — behind a proxy every citizen
// would otherwise share one limit, and without one anyone could pick an
// address per request.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(s.proxies) == 0 {
		return host
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trustedProxy(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbage: the proxy nearest to it is the last address we can vouch for
		}
		host = a.Unmap().String()
		if !s.trustedProxy(a) {
			break
		}
	}
	return host
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// limiters are the rate limits on sign-in and public writes.
type limiters struct {
	loginIP      *auth.Limiter // per client address
	loginAccount *auth.Limiter // per e-mail address, whoever tries
	publicWrite  *auth.Limiter // per client address, every public POST
}

func newLimiters(now func() time.Time) limiters {
	return limiters{
		// 10 tries at once, then one every 6 s per address.
		loginIP: auth.NewLimiter(rate.Every(6*time.Second), 10, time.Hour, now),
		// 5 tries at once, then one a minute per account: guessing is
		// hopeless, and the owner waits at most a minute.
		loginAccount: auth.NewLimiter(rate.Every(time.Minute), 5, time.Hour, now),
		publicWrite:  auth.NewLimiter(rate.Every(10*time.Second), 20, time.Hour, now),
	}
}

// rateLimited answers 429 with Retry-After if key is over l's limit.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request, l *auth.Limiter, key string) bool {
	ok, wait := l.Check(key)
	if ok {
		return false
	}
	secs := int(wait.Seconds()) + 1
	w.Header().Set("Retry-After", itoa(secs))
	s.fail(w, r, app.Errorf(app.ERATELIMIT, "För många försök. Vänta %d sekunder och försök igen. / Too many attempts, wait %d seconds.", secs, secs))
	return true
}
