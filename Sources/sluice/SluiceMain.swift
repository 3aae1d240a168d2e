import CSluiceProcess
import Foundation

@main
enum SluiceMain {
    /// `sluice __keeper …` supervises one worker process tree (see keeper.c). It is checked
    /// before the command line is parsed: the keeper is a small C loop started once per worker.
    static func main() async {
        if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "__keeper" {
            exit(sluice_keeper_main(CommandLine.argc - 1, CommandLine.unsafeArgv.advanced(by: 1)))
        }
        await SluiceCommand.main()
    }
}
