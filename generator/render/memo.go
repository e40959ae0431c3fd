package render

import (
	"sync"

	"github.com/policysite/policysite/generator/feed"
)

// pageStore keeps made files by output path, each with the key of what it
// was made from: a file asked for again under the same key is taken as it
// was made instead of made again.
type pageStore interface {
	made(path, key string) ([]byte, bool)
	keep(path, key string, data []byte)
}

// siteStore keeps the site-wide files in the Cache, from one render to the
// next.
type siteStore struct{ r *renderer }

func (s siteStore) cacheKey(path, key string) string {
	return "page\x00" + s.r.lang + "\x00" + path + "\x00" + key
}

func (s siteStore) made(path, key string) ([]byte, bool) {
	data, ok := s.r.cache.load(s.cacheKey(path, key))
	if !ok {
		return nil, false
	}
	return data.([]byte), true
}

func (s siteStore) keep(path, key string, data []byte) { s.r.cache.store(s.cacheKey(path, key), data) }

// policyMemo keeps what one policy's pages, feeds and feed entries were
// made from and came to. It passes from render to render in the Cache —
// untouched while the policy is reused, renewed when it is rendered — so
// that an edit to one version makes again only what shows that version:
// its page, its redline and the next version's, the entries of both in the
// policy's feeds.
//
// A key names what a page shows. The keys of a policy's pages hold the
// texts they show and, through Policy.changesKey, the front matter of
// every version, not the other versions' texts, which the built-in
// layouts never show on another version's page. (A site with layouts of
// its own has no memos.)
type policyMemo struct {
	prev *policyMemo // what the render before made, when this one renders the policy

	mu      sync.Mutex
	pages   map[string]memoed     // by output path
	entries map[string]feed.Entry // by entryKey
}

type memoed struct {
	key  string
	data []byte
}

type policyMemoKey struct{ lang, slug string }

// policyMemos gives each policy its memo for this render: the one kept for
// a reused policy, a new one (taking from the one before) for the others.
// Without a Cache there are none, nor with layouts of the site's own
// (see newMemoKey).
func (r *renderer) policyMemos() map[*Policy]*policyMemo {
	if r.cache == nil || r.ownLayouts {
		return nil
	}
	memos := make(map[*Policy]*policyMemo, len(r.view.Policies))
	for _, p := range r.view.Policies {
		key := policyMemoKey{r.lang, p.Slug}
		var kept *policyMemo
		if m, ok := r.cache.load(key); ok {
			kept = m.(*policyMemo)
		}
		m := kept
		if m == nil || !r.reused(p) {
			m = &policyMemo{prev: kept}
			r.cache.store(key, m)
		}
		memos[p] = m
	}
	return memos
}

// done ends the render of the memo's policy: what the render before made
// and this one did not ask for is let go.
func (m *policyMemo) done() { m.prev = nil }

func (m *policyMemo) made(path, key string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.pages[path]; ok && e.key == key {
		return e.data, true
	}
	if m.prev == nil {
		return nil, false
	}
	e, ok := m.prev.pages[path]
	if !ok || e.key != key {
		return nil, false
	}
	m.keepLocked(path, key, e.data)
	return e.data, true
}

func (m *policyMemo) keep(path, key string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keepLocked(path, key, data)
}

func (m *policyMemo) keepLocked(path, key string, data []byte) {
	if m.pages == nil {
		m.pages = map[string]memoed{}
	}
	m.pages[path] = memoed{key, data}
}

func (m *policyMemo) entry(key string) (feed.Entry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok {
		return e, true
	}
	if m.prev == nil {
		return feed.Entry{}, false
	}
	e, ok := m.prev.entries[key]
	if ok {
		m.keepEntryLocked(key, e)
	}
	return e, ok
}

func (m *policyMemo) keepEntry(key string, e feed.Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keepEntryLocked(key, e)
}

func (m *policyMemo) keepEntryLocked(key string, e feed.Entry) {
	if m.entries == nil {
		m.entries = map[string]feed.Entry{}
	}
	m.entries[key] = e
}
