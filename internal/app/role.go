package app

// Role is what a user may do in one tenant. One user may hold roles in
// several tenants; superadmin is installation-wide and held on the user.
type Role string

// Tenant roles.
const (
	RoleAdmin       Role = "admin"       // tenant settings, users, tokens, audit log
	RoleCoordinator Role = "coordinator" // the promise work: imports, review, measures, follow-ups, publishing
	RolePolice      Role = "police"      // like coordinator, for police-owned items and police data
	RoleReporter    Role = "reporter"    // files EST reports, sees own reports
	RoleCouncil     Role = "council"     // reads follow-ups and the lägesbild, adopts follow-ups
)

// Roles lists the tenant roles in display order.
var Roles = []Role{RoleAdmin, RoleCoordinator, RolePolice, RoleReporter, RoleCouncil}

// Valid reports whether r is a tenant role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Permission is something a route or action needs. Every handler states
// one; see RolePermissions for who has it.
type Permission string

// Permissions. PermPublic needs nothing; PermSignedIn only a signed-in user
// (own account pages); PermSuperadmin the installation's superadmin.
const (
	PermPublic     Permission = ""
	PermSignedIn   Permission = "signed_in"
	PermSuperadmin Permission = "superadmin"

	PermBackOffice    Permission = "backoffice.view" // the tenant's back-office start page
	PermUsersManage   Permission = "users.manage"
	PermSettings      Permission = "settings.manage"
	PermAuditRead     Permission = "audit.read"
	PermTokensManage  Permission = "tokens.manage"
	PermSituationRead Permission = "situation.read"
	PermImport        Permission = "import.run"
	PermReview        Permission = "review"
	PermMeasuresEdit  Permission = "measures.edit"
	PermFollowUpEdit  Permission = "followup.edit"
	PermFollowUpAdopt Permission = "followup.adopt"
	PermReportFile    Permission = "report.file"
	PermPromiseEdit   Permission = "promise.edit"
	PermFollowUpRead  Permission = "followup.read"
)

// RolePermissions says which tenant permissions each role has. The
// superadmin has every permission in every tenant.
var RolePermissions = map[Role][]Permission{
	RoleAdmin: {PermBackOffice, PermUsersManage, PermSettings, PermAuditRead, PermTokensManage,
		PermSituationRead, PermFollowUpRead},
	RoleCoordinator: {PermBackOffice, PermSituationRead, PermImport, PermReview, PermMeasuresEdit,
		PermFollowUpEdit, PermReportFile, PermPromiseEdit, PermFollowUpRead},
	RolePolice: {PermBackOffice, PermSituationRead, PermImport, PermReview, PermMeasuresEdit,
		PermReportFile, PermFollowUpRead},
	RoleReporter: {PermBackOffice, PermReportFile},
	RoleCouncil:  {PermBackOffice, PermSituationRead, PermFollowUpRead, PermFollowUpAdopt},
}

// Has reports whether role r grants p.
func (r Role) Has(p Permission) bool {
	for _, x := range RolePermissions[r] {
		if x == p {
			return true
		}
	}
	return false
}
