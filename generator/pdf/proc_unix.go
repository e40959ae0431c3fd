//go:build unix

package pdf

import (
	"os/exec"
	"syscall"
)

// ownGroup starts Chromium in a process group of its own, so that
// killGroup ends its helper processes (zygote, renderers) too.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills the process group that ownGroup made.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		cmd.Process.Kill()
	}
}
