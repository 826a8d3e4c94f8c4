package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

func syncfs(f *os.File) (bool, error) { return true, unix.Syncfs(int(f.Fd())) }
