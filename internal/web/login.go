package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
)

func itoa(n int) string { return strconv.Itoa(n) }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext returns next if it is a local path, else "/admin/": an open
// redirect after sign-in would make a perfect phishing link.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return "/admin/"
}

type loginPage struct {
	Layout Layout
	Email  string
	Next   string
	Error  string
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.render(w, r, http.StatusOK, "login", lang, loginPage{Layout: s.layout(r, lang), Next: safeNext(r.URL.Query().Get("next"))})
}

// login signs a user in. Unknown e-mail and wrong password get the same
// answer after the same work, so the form does not tell who has an
// account; both are rate limited per address and per account.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	T := s.catalog.translator(lang)
	if !s.parseForm(w, r) {
		return
	}
	email := app.NormalizeEmail(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	page := loginPage{Layout: s.layout(r, lang), Email: email, Next: safeNext(r.PostForm.Get("next"))}
	if s.rateLimited(w, r, s.limits.loginIP, "ip:"+s.clientIP(r)) || s.rateLimited(w, r, s.limits.loginAccount, "account:"+email) {
		return
	}
	u, err := s.svc.Users.FindUserByEmail(r.Context(), email)
	hash := s.dummyHash
	if err == nil {
		hash = u.PasswordHash
	} else if app.ErrorCode(err) != app.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	ok, rehash, err := s.verifyPassword(r, pw, hash)
	if err != nil && hash != "" {
		s.log.Error("verify password", "err", err)
	}
	if u == nil || !ok || u.Status != app.UserActive {
		page.Error = T("login.failed")
		s.render(w, r, http.StatusUnauthorized, "login", lang, page)
		return
	}
	if rehash {
		if h, err := s.hashPassword(r, pw); err == nil {
			s.svc.Users.RehashPassword(r.Context(), u.ID, h)
		}
	}
	// A new token at every sign-in: a session id planted before sign-in
	// (session fixation) is never promoted.
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.svc.Users.DeleteSession(r.Context(), auth.HashToken(c.Value))
	}
	token := auth.NewToken()
	if _, err := s.svc.Users.CreateSession(r.Context(), u.ID, auth.HashToken(token), sessionAbsolute); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token)
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.svc.Users.DeleteSession(r.Context(), auth.HashToken(c.Value)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// verifyPassword and hashPassword run argon2id (64 MiB each) through a
// semaphore, so a burst of sign-ins cannot exhaust memory or starve every
// other request of CPU.
func (s *Server) verifyPassword(r *http.Request, pw, hash string) (ok, rehash bool, err error) {
	select {
	case s.hashSlots <- struct{}{}:
		defer func() { <-s.hashSlots }()
	case <-r.Context().Done():
		return false, false, r.Context().Err()
	}
	return auth.VerifyPassword(pw, hash, s.params)
}

func (s *Server) hashPassword(r *http.Request, pw string) (string, error) {
	select {
	case s.hashSlots <- struct{}{}:
		defer func() { <-s.hashSlots }()
	case <-r.Context().Done():
		return "", r.Context().Err()
	}
	return auth.HashPassword(pw, s.params)
}

type accountPage struct {
	Layout  Layout
	User    *app.User
	Error   string
	Changed bool
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.render(w, r, http.StatusOK, "account", lang, accountPage{Layout: s.layout(r, lang), User: who(r).User,
		Changed: r.URL.Query().Get("changed") == "1"})
}

// changePassword needs the current password, so a borrowed unlocked
// browser cannot take the account over; other sessions end.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	T := s.catalog.translator(lang)
	p := who(r)
	if !s.parseForm(w, r) {
		return
	}
	page := accountPage{Layout: s.layout(r, lang), User: p.User}
	if s.rateLimited(w, r, s.limits.loginAccount, "account:"+p.User.Email) {
		return
	}
	ok, _, _ := s.verifyPassword(r, r.PostForm.Get("current"), p.User.PasswordHash)
	newPW := r.PostForm.Get("new")
	switch {
	case !ok:
		page.Error = T("account.wrongcurrent")
	case newPW != r.PostForm.Get("repeat"):
		page.Error = T("account.mismatch")
	default:
		page.Error = passwordProblem(T, auth.ValidatePassword(newPW))
	}
	if page.Error != "" {
		s.render(w, r, http.StatusBadRequest, "account", lang, page)
		return
	}
	h, err := s.hashPassword(r, newPW)
	if err == nil {
		err = s.svc.Users.SetPassword(r.Context(), p.User.ID, h, p.Session.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/konto?changed=1", http.StatusSeeOther)
}

type resetPage struct {
	Layout Layout
	Token  string
	Error  string
	Done   bool
}

func (s *Server) showReset(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	// The token is in the path: keep it out of the Referer of any link.
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "reset", lang, resetPage{Layout: s.layout(r, lang), Token: r.PathValue("token")})
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	T := s.catalog.translator(lang)
	w.Header().Set("Referrer-Policy", "no-referrer")
	if s.rateLimited(w, r, s.limits.publicWrite, "ip:"+s.clientIP(r)) {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	page := resetPage{Layout: s.layout(r, lang), Token: r.PathValue("token")}
	newPW := r.PostForm.Get("new")
	if newPW != r.PostForm.Get("repeat") {
		page.Error = T("account.mismatch")
	} else {
		page.Error = passwordProblem(T, auth.ValidatePassword(newPW))
	}
	if page.Error != "" {
		s.render(w, r, http.StatusBadRequest, "reset", lang, page)
		return
	}
	h, err := s.hashPassword(r, newPW)
	if err == nil {
		err = s.svc.Users.ResetPassword(r.Context(), auth.HashToken(page.Token), h)
	}
	if app.ErrorCode(err) == app.EINVALID {
		page.Error = T("reset.invalid")
		s.render(w, r, http.StatusBadRequest, "reset", lang, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Done = true
	s.render(w, r, http.StatusOK, "reset", lang, page)
}

// passwordProblem translates a password policy error; "" for nil.
func passwordProblem(T func(string, ...any) string, err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, auth.ErrPasswordTooShort):
		return T("password.tooshort", "n", auth.MinPasswordChars)
	case errors.Is(err, auth.ErrPasswordTooLong):
		return T("password.toolong", "n", auth.MaxPasswordBytes)
	default:
		return T("password.invalid")
	}
}
