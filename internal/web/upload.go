package web

import (
	"net/http"

	"github.com/trygg-se/trygg/internal/httpx"
)

// uploadLimits are the body limits of the routes that take files, by
// pattern; every other route gets maxBodyBytes. A limit cannot be raised
// inside a handler: by then the body is already capped.
var uploadLimits = map[string]int64{
	"POST /admin/{tenant}/trygghetsvandringar/{id}/fynd": maxFindingBody,
}

// limitBody caps request bodies at maxBodyBytes, or at the route's own
// limit for an upload route. The route is looked up only for methods that
// carry a body.
func (s *Server) limitBody(next http.Handler) http.Handler {
	small := httpx.LimitBody(maxBodyBytes, next)
	large := map[string]http.Handler{}
	for pattern, n := range uploadLimits {
		large[pattern] = httpx.LimitBody(n, next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
			if _, pattern := s.mux.Handler(r); large[pattern] != nil {
				large[pattern].ServeHTTP(w, r)
				return
			}
		}
		small.ServeHTTP(w, r)
	})
}
