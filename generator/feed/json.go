package feed

// JSON returns f as a JSON Feed 1.1 document.
func JSON(f *Feed) ([]byte, error) {
	f, err := prepare(f)
	if err != nil {
		return nil, err
	}
	doc := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       f.Title,
		HomePageURL: f.HomeURL,
		FeedURL:     f.URLs.JSON,
		Description: f.Description,
		Icon:        f.Icon,
		Language:    f.Language,
		Items:       []jsonItem{},
	}
	if f.Author != "" {
		doc.Authors = []jsonAuthor{{Name: f.Author}}
	}
	head, err := jsonValue(doc, 0)
	if err != nil {
		return nil, err
	}
	return withEntries(append(head, '\n'), "]}\n", ",", f, jsonFormat, func(e *Entry) ([]byte, error) {
		// JSON escapes little of the HTML, unlike XML (sizeHint).
		return jsonValue(jsonItemOf(e), len(e.ContentHTML)+len(e.Summary)+len(e.Title)+1<<10)
	})
}

func jsonItemOf(e *Entry) jsonItem {
	it := jsonItem{
		ID:            e.ID,
		URL:           e.URL,
		ExternalURL:   e.ExternalURL,
		Title:         e.Title,
		ContentHTML:   e.ContentHTML,
		Summary:       e.Summary,
		DatePublished: rfc3339(e.Published),
		DateModified:  rfc3339(e.Updated),
		Tags:          e.Categories,
	}
	// An item must have content_html or content_text.
	if it.ContentHTML == "" {
		it.ContentText = e.Summary
		if it.ContentText == "" {
			it.ContentText = e.Title
		}
	}
	if e.Author != "" {
		it.Authors = []jsonAuthor{{Name: e.Author}}
	}
	return it
}

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Icon        string       `json:"icon,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	ExternalURL   string       `json:"external_url,omitempty"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}
