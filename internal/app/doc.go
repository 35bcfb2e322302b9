// Package app is Trygg's domain: the types of a medborgarlöfte (citizen
// promise) and the work around it, the service contracts the adapters
// implement, error codes and roles. It imports only the standard library and
// does no I/O, so every adapter (sqlstore, web, api, importer) depends on it
// and never the other way round.
package app
