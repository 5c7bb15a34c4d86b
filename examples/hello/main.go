// Command hello prints a greeting; the smallest workspace the Kiln demo builds.
package main

import (
	"fmt"
	"os"

	"example.com/hello/greet"
)

func main() {
	name := "Kiln"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	fmt.Println(greet.Hello(name))
}
