package forms

import "fmt"

// Page is one step of the wizard.
type Page int

// The pages, in order.
const (
	PageGateway Page = iota
	PageSubnets
	PageProfile
	PageIke
	PageIpsec
	PageAuth
	PageOptions
	PageReview
)

// PageCount is the number of pages (the "of 8" of the step indicator).
const PageCount = int(PageReview) + 1

var pageTitles = [...]string{"VPN gateway", "Subnets", "Security profile", "IKE (phase 1)", "IPsec (phase 2)",
	"Authentication", "Name and options", "Review"}

// Title is the page's plain name.
func (p Page) Title() string {
	if p < 0 || int(p) >= len(pageTitles) {
		return fmt.Sprintf("Page(%d)", int(p))
	}
	return pageTitles[p]
}

// String is the same as Title.
func (p Page) String() string { return p.Title() }

// Step is "Step 3 of 8 · Security profile".
func (p Page) Step() string {
	return fmt.Sprintf("Step %d of %d · %s", int(p)+1, PageCount, p.Title())
}
