package app

import "context"

// Actor is who performs an action: a signed-in user, an API token or the
// system. Stores read it from the context to fill the audit log.
type Actor struct {
	UserID int64  // 0 for the system or a token
	Label  string // e-mail, "token:NAME" or "system"
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor in ctx, or nil.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
