package app

// Demo is a complete tenant with its districts and promises, loaded into an
// empty installation so that a newcomer sees real content at once.
type Demo struct {
	Tenant    Tenant
	Districts []*District
	Promises  []*Promise
}
