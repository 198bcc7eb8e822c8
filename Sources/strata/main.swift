import Foundation
import StrataCLI

StrataMain.prepare(arguments: Array(CommandLine.arguments.dropFirst()))
Interrupts.installWhenNeeded()
let code = await StrataMain.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(await Interrupts.exitCode(code))
