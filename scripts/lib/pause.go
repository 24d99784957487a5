// The first process of every pod sandbox of scripts/local-cluster.sh: it holds the pod's namespaces open, reaps
// the orphans that end up with it (it is PID 1 of the pod's PID namespace when that is shared), and exits at once
// on SIGINT or SIGTERM. No image can be pulled here, so the cluster builds its own.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
