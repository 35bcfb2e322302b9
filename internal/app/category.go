package app

// Category is a kind of observation a reporter can choose.
type Category struct {
	Key       string `json:"key"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	FocusArea string `json:"focus_area,omitempty"` // focus area key it counts towards, if any
}

// ReportCategories are what EST reporters and citizens choose from: places
// and situations, never persons.
var ReportCategories = []Category{
	{"poor_lighting", "Dålig belysning", "Poor lighting", ""},
	{"vegetation", "Skymmande växtlighet", "Overgrown vegetation", ""},
	{"gathering", "Personer som samlas och skapar otrygghet", "People gathering, causing unease", ""},
	{"drug_dealing", "Droghandel eller droganvändning", "Drug dealing or drug use", "drugs"},
	{"violence", "Våld eller hot", "Violence or threats", "violence"},
	{"vandalism", "Skadegörelse eller klotter", "Vandalism or graffiti", ""},
	{"littering", "Nedskräpning", "Littering", ""},
	{"traffic", "Trafik eller mopedåkning", "Traffic or moped riding", ""},
	{"disorder", "Ordningsstörning", "Disorder", ""},
	{"other", "Annat", "Other", ""},
}

// ReportCategory returns the category with the key.
func ReportCategory(key string) (Category, bool) {
	for _, c := range ReportCategories {
		if c.Key == key {
			return c, true
		}
	}
	return Category{}, false
}
