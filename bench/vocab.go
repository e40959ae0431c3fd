package bench

// The fixed vocabulary the corpus is written from. Changing anything here
// changes the corpus: bump Version (corpus.go) and the pinned hash in
// corpus_test.go.

// kind is one sort of policy.
type kind struct {
	slug, title string
}

var kinds = []kind{
	{"privacy", "Privacy Policy"},
	{"terms", "Terms of Service"},
	{"cookies", "Cookie Policy"},
	{"dpa", "Data Processing Addendum"},
	{"acceptable-use", "Acceptable Use Policy"},
	{"security", "Security Statement"},
	{"retention", "Data Retention Policy"},
	{"marketing", "Marketing Communications Policy"},
	{"disclosure", "Responsible Disclosure Policy"},
	{"subprocessors", "Sub-processor Notice"},
}

var products = []string{
	"Northwind Mail", "Larkspur Notes", "Basalt Pay", "Quillon Docs", "Harbor Sync",
	"Meridian Maps", "Tallow Chat", "Orrery Analytics", "Fennel Health", "Cobalt Drive",
	"Juniper Forms", "Saltmarsh Video", "Wren Calendar", "Ostrich Backup", "Kestrel Voice",
	"Pinecone Search", "Alder Learning", "Mosaic Photos", "Tundra Identity", "Verbena Shop",
}

// sectionTitles are the H2 sections every version is built from, in
// order; the document keeps drawing from them until it is long enough.
var sectionTitles = []string{
	"Scope of This Policy",
	"Information We Collect",
	"How We Use Your Information",
	"Legal Bases for Processing",
	"Sharing and Disclosure",
	"Service Providers and Sub-processors",
	"International Data Transfers",
	"Data Retention",
	"Security Measures",
	"Cookies and Similar Technologies",
	"Marketing Communications",
	"Automated Decision-Making",
	"Your Choices and Controls",
	"Children's Privacy",
	"Third-Party Services",
	"Account Suspension and Termination",
	"Limitation of Liability",
	"Dispute Resolution",
	"Governing Law",
	"Records of Processing",
	"Breach Notification",
	"Audits and Inspections",
	"Confidentiality Obligations",
	"Indemnification",
}

// extraSectionTitles are H2 sections added by a later version.
var extraSectionTitles = []string{
	"Artificial Intelligence Features",
	"Biometric Information",
	"Research and Product Development",
	"Location Information",
	"Payment Processing",
	"Public Forums and Community Spaces",
	"Data Broker Registration",
	"Consumer Health Data",
	"Accessibility of This Policy",
	"Do Not Track Signals",
}

// jurisdiction is a section that applies in one jurisdiction; id is the
// id the heading gets, which the front matter maps the code to.
type jurisdiction struct {
	code, title, id string
	authority, url  string
}

var jurisdictions = []jurisdiction{
	{"US-CA", "Your California Privacy Rights", "your-california-privacy-rights", "the California Privacy Protection Agency", "https://cppa.ca.gov/"},
	{"EEA", "Your Rights in the EEA", "your-rights-in-the-eea", "your local supervisory authority", "https://edpb.europa.eu/about-edpb/about-edpb/members_en"},
	{"GB", "Your Rights in the United Kingdom", "your-rights-in-the-united-kingdom", "the Information Commissioner's Office", "https://ico.org.uk/make-a-complaint/"},
	{"BR", "Your Rights in Brazil", "your-rights-in-brazil", "the Autoridade Nacional de Proteção de Dados", "https://www.gov.br/anpd/pt-br"},
}

var subsectionTitles = []string{
	"Purposes", "Categories of Data", "Examples", "Safeguards", "Exceptions",
	"Retention Periods", "How to Exercise This Right", "Recipients", "Timeframes",
	"Your Options", "Verification of Requests", "Authorised Agents", "Records We Keep",
	"Notices", "Limitations", "Sources of Information", "Changes and Updates",
	"Obligations of the Processor", "Responsibilities of the Customer", "Security Incidents",
}

// Sentences are made of a subject, a verb, an object and a qualifier, or
// taken whole from cannedSentences.
type subject struct {
	text     string
	singular bool
}

var subjects = []subject{
	{"We", false},
	{"{{ entity.name }}", true},
	{"Our service providers", false},
	{"The controller", true},
	{"Authorised personnel", false},
	{"Each processor", true},
	{"Our affiliates", false},
	{"The customer", true},
	{"Sub-processors engaged under this addendum", false},
	{"Our support team", true},
}

// verbs are given as plural and singular forms.
var verbs = [][2]string{
	{"process", "processes"}, {"collect", "collects"}, {"retain", "retains"},
	{"disclose", "discloses"}, {"store", "stores"}, {"transfer", "transfers"},
	{"review", "reviews"}, {"anonymise", "anonymises"}, {"aggregate", "aggregates"},
	{"encrypt", "encrypts"}, {"delete", "deletes"}, {"use", "uses"},
	{"share", "shares"}, {"pseudonymise", "pseudonymises"}, {"restrict access to", "restricts access to"},
}

var objects = []string{
	"your personal data", "account information", "usage data", "payment details",
	"device identifiers", "the content you upload", "support correspondence",
	"billing records", "precise location data", "log files", "contact details",
	"customer personal data", "authentication credentials", "records of your consent",
	"information about your preferences", "data relating to security incidents",
	"aggregated statistics", "communications metadata", "the information described in this section",
	"identity verification documents",
}

var qualifiers = []string{
	"where necessary for the performance of a contract with you",
	"in accordance with applicable data protection law",
	"subject to appropriate technical and organisational safeguards",
	"only for the purposes described in this policy",
	"for no longer than is reasonably necessary",
	"on the documented instructions of the controller",
	"where we have a legitimate interest that is not overridden by your rights",
	"to comply with a legal obligation to which we are subject",
	"with your prior consent, which you may withdraw at any time",
	"under a written agreement that imposes equivalent obligations",
	"to detect, prevent and investigate fraud and abuse",
	"within the European Economic Area unless stated otherwise",
	"in a manner that ensures appropriate security",
	"to establish, exercise or defend legal claims",
	"as permitted by the standard contractual clauses",
	"during the term of the agreement and for a limited period afterwards",
}

var cannedSentences = []string{
	"Nothing in this policy limits any rights you have under mandatory law.",
	"We do not sell personal information, and we do not share it for cross-context behavioural advertising.",
	"Where this policy uses the word including, it means including without limitation.",
	"If any provision of these terms is held to be unenforceable, the remaining provisions remain in full force and effect.",
	"You may contact {{ entity.name }} at {{ entity.email }} with any question about this section.",
	"Requests are answered within one month of receipt, which may be extended by two further months where necessary.",
	"We will not discriminate against you for exercising any of the rights described in this policy.",
	"A failure to enforce any provision shall not be construed as a waiver of that provision.",
	"The processor shall notify the controller without undue delay after becoming aware of a personal data breach.",
	"Access to production systems is granted on a least-privilege basis and is reviewed every quarter.",
	"Personal data is encrypted in transit using TLS 1.2 or later and at rest using AES-256.",
	"These obligations survive the termination or expiry of the agreement.",
	"The headings in this document are for convenience only and do not affect its interpretation.",
	"We may update this section from time to time, and we will announce material changes in advance.",
	"Where consent is the legal basis, you may withdraw it at any time without affecting the lawfulness of earlier processing.",
	"Questions or complaints may be sent in writing to {{ entity.name }}, {{ entity.address }}.",
	"Each party shall comply with its obligations under applicable data protection law.",
	"We keep a record of the requests we receive and of how we responded to them.",
	"The customer remains responsible for the lawfulness of the instructions it gives.",
	"Independent auditors review our controls at least once a year.",
	"We carry out a data protection impact assessment before starting any processing that is likely to result in a high risk.",
	"Information that no longer identifies you is not personal data and is not covered by this policy.",
	"Any notice under these terms must be given in writing and sent to {{ entity.email }}.",
	"You are responsible for keeping your password confidential and for all activity under your account.",
}

// addedSentences are what later versions add to a paragraph.
var addedSentences = []string{
	"This applies equally to information we receive from our partners.",
	"We review this practice at least once a year.",
	"Where the law of your country provides for a shorter period, that period applies.",
	"You can ask us for a copy of the safeguards we rely on.",
	"We will tell you before we make any change to this practice.",
	"This does not apply to information that has been effectively anonymised.",
	"Our data protection officer oversees compliance with this section.",
	"We document each such decision and the reasons for it.",
	"In exceptional cases, we may ask for additional information to confirm your identity.",
	"This commitment also binds our affiliates and successors.",
}

var listItems = []string{
	"Identifiers such as your name, email address and account number",
	"Commercial information such as the products you purchased",
	"Internet activity such as pages viewed and features used",
	"Approximate location derived from your IP address",
	"Professional information such as your employer and job title",
	"Inferences drawn to understand your preferences",
	"Payment card details, processed by our payment provider",
	"Audio recordings of support calls, where you agree to them",
	"Information you provide when you take part in a survey",
	"Records of your communications with us",
	"Technical data such as browser type and operating system",
	"Information from publicly available sources",
	"Details of the devices you connect to the service",
	"Preferences you set in your account",
	"Feedback and ratings you submit",
	"Security logs and records of sign-in attempts",
}

var requestSteps = []string{
	"Submit your request through the form in your account settings or by email to {{ entity.email }}",
	"We confirm receipt of your request within ten business days",
	"We verify your identity by matching information you provide with information we hold",
	"We respond to your request within the period the law requires",
	"If we decline your request, we explain why and how you can appeal",
	"You may appeal by replying to our decision within sixty days",
	"We notify any service provider that must act on your request",
	"We keep a record of the request for twenty-four months",
}

var newListItems = []string{
	"Voice inputs, where you use the dictation feature",
	"Information about your participation in beta programmes",
	"Photographs you upload for identity verification",
	"Data from wearable devices you choose to connect",
	"Information about referrals you make",
	"Accessibility preferences you choose",
}

// tableRows describe the categories table: category, examples, retention,
// purpose.
var tableRows = [][4]string{
	{"Identifiers", "Name, email address, account ID", "Life of the account plus 24 months", "Providing the service"},
	{"Commercial information", "Orders, invoices, refunds", "7 years", "Accounting and tax"},
	{"Usage data", "Pages viewed, features used", "13 months", "Improving the service"},
	{"Device data", "Browser, operating system, IP address", "12 months", "Security and fraud prevention"},
	{"Support records", "Tickets and call notes", "3 years", "Answering your questions"},
	{"Marketing preferences", "Subscriptions, opt-outs", "Until you opt out", "Sending newsletters"},
	{"Location data", "Approximate city and country", "30 days", "Localising the service"},
	{"Security logs", "Sign-ins, failed attempts", "18 months", "Protecting accounts"},
}

var retentionPeriods = []string{
	"6 months", "12 months", "18 months", "24 months", "30 days", "90 days",
	"5 years", "7 years", "Until you delete your account", "Life of the account plus 12 months",
}

// synonyms are word replacements a later version makes.
var synonyms = [][2]string{
	{"process", "handle"}, {"retain", "keep"}, {"disclose", "reveal"},
	{"necessary", "required"}, {"appropriate", "suitable"}, {"applicable", "relevant"},
	{"personal data", "personal information"}, {"delete", "erase"}, {"prior", "advance"},
	{"reasonably", "strictly"}, {"at any time", "whenever you wish"}, {"written", "signed"},
	{"one month", "four weeks"}, {"review", "audit"}, {"legal", "statutory"},
}

var externalLinks = [][2]string{
	{"the GDPR", "https://eur-lex.europa.eu/eli/reg/2016/679/oj"},
	{"the CCPA regulations", "https://cppa.ca.gov/regulations/"},
	{"the standard contractual clauses", "https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection/standard-contractual-clauses-scc_en"},
	{"the LGPD", "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/l13709.htm"},
	{"the ICO's guidance", "https://ico.org.uk/for-organisations/"},
	{"our status page", "https://status.example.com/"},
	{"the Data Privacy Framework", "https://www.dataprivacyframework.gov/"},
	{"the NIST Privacy Framework", "https://www.nist.gov/privacy-framework"},
}
