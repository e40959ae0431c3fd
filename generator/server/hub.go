package server

import (
	"context"
	"encoding/json"
	"fmt"
)

// event is one Server-Sent Event.
type event struct {
	name  string
	data  []byte // JSON, one line
	build uint64 // for reload, css and hello: the build it announces
}

func newEvent(name string, data any) event {
	b, err := json.Marshal(data)
	if err != nil {
		panic(fmt.Sprintf("server: cannot encode %s event: %v", name, err)) // only our own types are encoded
	}
	return event{name: name, data: b}
}

func (e event) wire() []byte {
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", e.name, e.data)
}

// client is one connected event stream. The hub closes send when it drops
// the client.
type client struct {
	send chan []byte
}

// clientBuffer is how many events a client may lag behind before the hub
// drops it (the browser then reconnects and gets a fresh hello).
const clientBuffer = 16

// hub owns the live-reload clients: only its run goroutine touches the set
// of clients and the current state; everyone else talks to it through
// channels.
type hub struct {
	register   chan *client
	unregister chan *client
	broadcast  chan event
	done       chan struct{} // closed when run returns
}

func newHub() *hub {
	return &hub{
		register:   make(chan *client),
		unregister: make(chan *client),
		broadcast:  make(chan event),
		done:       make(chan struct{}),
	}
}

// run serves the hub until ctx is done, then closes every client.
func (h *hub) run(ctx context.Context) {
	clients := map[*client]bool{}
	var build uint64
	var broken []byte // the current error event, for clients that connect while broken
	defer func() {
		for c := range clients {
			close(c.send)
		}
		close(h.done)
	}()
	send := func(c *client, msg []byte) {
		select {
		case c.send <- msg:
		default: // too slow: drop it; its browser reconnects
			delete(clients, c)
			close(c.send)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-h.register:
			clients[c] = true
			send(c, newEvent("hello", buildData{Build: build}).wire())
			if broken != nil && clients[c] {
				send(c, broken)
			}
		case c := <-h.unregister:
			if clients[c] {
				delete(clients, c)
				close(c.send)
			}
		case e := <-h.broadcast:
			msg := e.wire()
			switch e.name {
			case "error":
				broken = msg
			case "ok":
				broken = nil
			case "reload", "css":
				broken = nil
				build = e.build
			}
			for c := range clients {
				send(c, msg)
			}
		}
	}
}

// subscribe registers a new client; it returns nil once the hub has stopped.
func (h *hub) subscribe() *client {
	c := &client{send: make(chan []byte, clientBuffer)}
	select {
	case h.register <- c:
		return c
	case <-h.done:
		return nil
	}
}

// unsubscribe drops c; a no-op if the hub already dropped it or stopped.
func (h *hub) unsubscribe(c *client) {
	select {
	case h.unregister <- c:
	case <-h.done:
	}
}

// send broadcasts e to every client; a no-op once the hub has stopped.
func (h *hub) send(e event) {
	select {
	case h.broadcast <- e:
	case <-h.done:
	}
}

type buildData struct {
	Build uint64 `json:"build"`
}

type cssSwap struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type cssData struct {
	Build uint64    `json:"build"`
	Swap  []cssSwap `json:"swap"`
}

type errorData struct {
	Errors []string `json:"errors"`
}

func reloadEvent(build uint64) event {
	e := newEvent("reload", buildData{Build: build})
	e.build = build
	return e
}

func cssEvent(build uint64, swap []cssSwap) event {
	e := newEvent("css", cssData{Build: build, Swap: swap})
	e.build = build
	return e
}

func errorEvent(errs []string) event { return newEvent("error", errorData{Errors: errs}) }

func okEvent() event { return newEvent("ok", struct{}{}) }
