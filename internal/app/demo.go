package app

// Demo is a complete tenant with its districts and promises, loaded into an
// empty installation so that a newcomer sees real content at once.
type Demo struct {
	Tenant    Tenant
	Districts []*District
	Promises  []*Promise
	Users     []DemoUser
	Gazetteer Gazetteer
	// Incidents and measures carry a DistrictKey; the store resolves it.
	Incidents []*Incident
	// Measures belong to the first promise.
	Measures []*Measure
	// Patrols are synthetic police patrols, with district keys.
	Patrols []*Patrol
	// Questionnaires and SurveyWaves are the safety survey: definitions
	// and synthetic waves with their respondents.
	Questionnaires []DemoQuestionnaire
	SurveyWaves    []DemoWave
	// Walks are synthetic safety walks with their findings.
	Walks []DemoWalk
	// Dialogues are synthetic citizen dialogues; their places become
	// incidents of source dialogue, as any dialogue's do.
	Dialogues []*Dialogue
}

// DemoWalk is a safety walk with its findings, district by key.
type DemoWalk struct {
	Walk     Walk
	Findings []DemoFinding
}

// DemoFinding is a finding; MeasureTitle, when set, names the demo measure
// it became.
type DemoFinding struct {
	Finding      Finding
	MeasureTitle string
}

// DemoQuestionnaire is a questionnaire definition (JSON of the survey
// package's Questionnaire).
type DemoQuestionnaire struct {
	Code, Version string
	Definition    []byte
}

// DemoWave is a survey wave with its respondents.
type DemoWave struct {
	Wave        SurveyWave
	Respondents []SurveyRespondent
}

// DemoUser is a sign-in for trying one role. Its password is made fresh for
// each installation and printed once, when the demo is loaded.
type DemoUser struct {
	Email      string
	Name       string
	Role       Role // "" for the superadmin
	Superadmin bool
	Password   string
}
