from casectl.cli.entry import main

main()
