import { Civil, WorkCalendar } from "@govplan/model"

const pad = (n: number) => String(n).padStart(2, "0")

/** Milliseconds of a civil date-time on a UTC-based clock (civil arithmetic only; no zone). */
export const toMs = (s: string): number =>
  Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)), Number(s.slice(11, 13) || 0), Number(s.slice(14, 16) || 0), Number(s.slice(17, 19) || 0))

export const fromMs = (ms: number): string => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

export const addMinutes = (s: string, minutes: number): string => fromMs(toMs(s) + minutes * 60_000)

export const at = (day: string, secondsOfDay: number): string =>
  `${day} ${pad(Math.floor(secondsOfDay / 3600))}:${pad(Math.floor((secondsOfDay % 3600) / 60))}:${pad(secondsOfDay % 60)}`

export const addDays = (day: string, n: number): string => Civil.addDays(Civil.unsafeDate(day), n)

export const daysOfYear = (year: number): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (let d = `${year}-01-01`; d < `${year + 1}-01-01`; d = addDays(d, 1)) out.push(d)
  return out
}

const cache = new Map<string, string>()
/** `WorkCalendar.addWorkingDaysSync`, memoised (the generator asks the same questions many times). */
export const addWorkingDays = (day: string, n: number): string => {
  const k = `${day}+${n}`
  let v = cache.get(k)
  if (v === undefined) {
    v = WorkCalendar.addWorkingDaysSync(Civil.unsafeDate(day), n)
    cache.set(k, v)
  }
  return v
}

export const monthStart = (year: number, month: number): string => `${year}-${pad(month)}-01`
