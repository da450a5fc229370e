from debate.cli import main

main()
