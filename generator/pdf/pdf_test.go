package pdf

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAcceptKey(t *testing.T) {
	// The example of RFC 6455, section 1.3.
	if got, want := acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; got != want {
		t.Errorf("acceptKey = %q, want %q", got, want)
	}
}

func TestFrameRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 65535, 65536, 300000} {
		payload := bytes.Repeat([]byte("x"), n)
		var buf bytes.Buffer
		if err := writeFrame(&buf, opText, payload); err != nil {
			t.Fatal(err)
		}
		fin, op, got, err := readFrame(&buf)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if !fin || op != opText || !bytes.Equal(got, payload) {
			t.Errorf("%d bytes: fin=%v op=%d len=%d", n, fin, op, len(got))
		}
	}
}

// serverFrame writes an unmasked frame as a server does.
func serverFrame(w io.Writer, fin bool, op byte, payload []byte) {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	hdr := []byte{b0}
	switch n := len(payload); {
	case n < 126:
		hdr = append(hdr, byte(n))
	default:
		hdr = append(hdr, 126, byte(n>>8), byte(n))
	}
	w.Write(append(hdr, payload...))
}

// TestHandshakeAndFragments runs the client against a scripted server:
// the upgrade, a fragmented message with a ping in between, and a close.
func TestHandshakeAndFragments(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	done := make(chan error, 1)
	go func() {
		defer server.Close()
		r := bufio.NewReader(server)
		req, err := http.ReadRequest(r)
		if err != nil {
			done <- err
			return
		}
		if req.Header.Get("Origin") != "" {
			done <- errors.New("client sent an Origin header")
			return
		}
		io.WriteString(server, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "+acceptKey(req.Header.Get("Sec-WebSocket-Key"))+"\r\n\r\n")
		// The client's first message.
		_, op, msg, err := readFrame(r)
		if err != nil || op != opText || string(msg) != `{"id":1}` {
			done <- errors.New("unexpected first client message: " + string(msg))
			return
		}
		serverFrame(server, false, opText, []byte(`{"id":1,`))
		serverFrame(server, true, opPing, []byte("hi"))
		if _, op, msg, err := readFrame(r); err != nil || op != opPong || string(msg) != "hi" {
			done <- errors.New("no pong")
			return
		}
		serverFrame(server, true, opContinuation, []byte(`"result":{}}`))
		serverFrame(server, true, opClose, nil)
		readFrame(r) // the client's close
		done <- nil
	}()
	ws, err := wsDial(client, "ws://127.0.0.1:9222/devtools/browser/x")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.WriteText([]byte(`{"id":1}`)); err != nil {
		t.Fatal(err)
	}
	msg, err := ws.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if string(msg) != `{"id":1,"result":{}}` {
		t.Errorf("message = %s", msg)
	}
	if _, err := ws.ReadMessage(); !errors.Is(err, errClosed) {
		t.Errorf("after close: err = %v, want errClosed", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "my-chrome")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "not-executable")
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	if got, err := Find(exe, env(nil)); err != nil || got != exe {
		t.Errorf("Find(--chromium) = %q, %v", got, err)
	}
	if got, err := Find("", env(map[string]string{"CHROMIUM": exe})); err != nil || got != exe {
		t.Errorf("Find($CHROMIUM) = %q, %v", got, err)
	}
	if _, err := Find(plain, env(nil)); err == nil || !strings.Contains(err.Error(), "--chromium") {
		t.Errorf("Find(not executable) error = %v, want one naming --chromium", err)
	}
	if _, err := Find("", env(map[string]string{"CHROMIUM": filepath.Join(dir, "missing")})); err == nil || !strings.Contains(err.Error(), "CHROMIUM=") {
		t.Errorf("Find($CHROMIUM missing) error = %v, want one naming CHROMIUM", err)
	}
}

func TestNotFoundMessage(t *testing.T) {
	msg := (&NotFoundError{Tried: []string{"--chromium", "$CHROMIUM"}}).Error()
	for _, want := range []string{"no Chromium found", "apt-get install chromium", "--chromium PATH"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
}

func TestPaperNamed(t *testing.T) {
	for name, want := range map[string]Paper{"A4": A4, "a4": A4, "letter": Letter, "Letter": Letter} {
		if got, ok := PaperNamed(name); !ok || got != want {
			t.Errorf("PaperNamed(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := PaperNamed("A5"); ok {
		t.Error("PaperNamed(A5) ok, want not")
	}
}
